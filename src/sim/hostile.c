/* The hostile text catalogue (sim_hostile.h). */
#include "sim_hostile.h"

const char *const sim_hostile_texts[SIM_HOSTILE_COUNT] = {
    SIM_HOSTILE_TEXT, SIM_HOSTILE_OSC,   SIM_HOSTILE_CSI,  SIM_HOSTILE_DCS,
    SIM_HOSTILE_C1,   SIM_HOSTILE_BIDI,  SIM_HOSTILE_ZW,   SIM_HOSTILE_C0,
    SIM_HOSTILE_UTF8, SIM_HOSTILE_LINES, SIM_HOSTILE_LONG,
};
