/* The catalogue of hostile server text: what `bento-sim --seed hostile`
 * puts in every string a pane or a command draws (tag and field names,
 * subscriber fields, authors, broadcasts, sequences, workflows, templates,
 * reports, ads rows, form responses, check answers). Each entry starts
 * with a plain word naming what it attacks, so a test or a reader can
 * tell the escaped forms apart. */
#ifndef SIM_HOSTILE_H
#define SIM_HOSTILE_H

#include <stddef.h>

/* OSC retitle ended by BEL, CSI clear screen, C1 CSI (U+009B), DEL and
 * bytes that are not UTF-8 (the first entry, also the `hostile` fault's
 * error message). */
#define SIM_HOSTILE_TEXT                  \
    "evil\x1b]0;pwned\x07\x1b[2J\xc2\x9b" \
    "31m\x7f\xff\xfe end"
/* OSC title set ended by BEL and by ST (ESC \). */
#define SIM_HOSTILE_OSC "osc \x1b]0;pwned\x07 \x1b]2;pwned\x1b\\ end"
/* CSI: home, clear screen and scrollback, cursor moves, erase line. */
#define SIM_HOSTILE_CSI "csi \x1b[H\x1b[2J\x1b[3J\x1b[10;10Hmoved\x1b[1A\x1b[K end"
/* DCS (a DECRQSS query), APC and PM strings, each ended by ST. */
#define SIM_HOSTILE_DCS "dcs \x1bP1$qm\x1b\\ apc \x1b_payload\x1b\\ pm \x1b^privacy\x1b\\ end"
/* 8-bit C1: CSI, OSC and ST as UTF-8 (U+009B, U+009D, U+009C) and CSI,
 * OSC as raw bytes 0x9B, 0x9D. */
#define SIM_HOSTILE_C1     \
    "c1 \xc2\x9b"          \
    "31m \xc2\x9d"         \
    "0;t\xc2\x9c raw \x9b" \
    "31m \x9d"             \
    "0;t\x07 end"
/* Bidi override and the isolates (U+202E, U+202C, U+2066-U+2069). */
#define SIM_HOSTILE_BIDI              \
    "bidi \xe2\x80\xae"               \
    "gnirts\xe2\x80\xac \xe2\x81\xa6" \
    "lri\xe2\x81\xa9 \xe2\x81\xa7"    \
    "rli\xe2\x81\xa9 \xe2\x81\xa8"    \
    "fsi\xe2\x81\xa9 end"
/* Zero-width joiner, space and non-joiner, then DEL. */
#define SIM_HOSTILE_ZW \
    "zw a\xe2\x80\x8d" \
    "b\xe2\x80\x8b"    \
    "c\xe2\x80\x8c"    \
    "d del\x7f\x7f end"
/* The C0 controls next to NUL (which a C string cannot hold). */
#define SIM_HOSTILE_C0 "c0 \x01\x02\x03\x08\x0b\x0c\x0e\x1a\x1f end"
/* Invalid UTF-8: stray bytes, a bad continuation, cut-short sequences,
 * a surrogate, an overlong slash. */
#define SIM_HOSTILE_UTF8 "utf8 \xff\xfe\xc3\x28 \xe2\x82 \xf0\x9f\x98 \xed\xa0\x80 \xc0\xaf end"
/* Line breaks and tabs inside one field. */
#define SIM_HOSTILE_LINES "lines one\ntwo\r\nthree\tfour\rfive end"

#define SIM_HOSTILE_X10(s) s s s s s s s s s s
/* 11,005 bytes: "long " and a thousand cursor-home-and-clear runs. */
#define SIM_HOSTILE_LONG \
    "long " SIM_HOSTILE_X10(SIM_HOSTILE_X10(SIM_HOSTILE_X10("ab\x1b[H\x1b[2Jcd")))

/* Every entry above, in this order. */
#define SIM_HOSTILE_COUNT 11
extern const char *const sim_hostile_texts[SIM_HOSTILE_COUNT];

#endif
