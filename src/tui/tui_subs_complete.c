/* What Tab offers in the Subscribers pane's questions, and field keys
 * for the `:` line. */
#include <string.h>

#include "tui/tui.h"
#include "tui/tui_subs_internal.h"

static void add_cands_json_keys(const cJSON *obj)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, obj)
        prompt_cand_add(it->string, strlen(it->string));
}

/* Field keys: the account's and the selected person's own. */
void subs_complete_fields(struct tui *ui)
{
    struct subs_pane *p = ui->subs;
    struct bento_cached_sub *e = subs_selected(ui);
    for (size_t i = 0; i < p->field_count; i++)
        prompt_cand_add(p->field_keys[i], strlen(p->field_keys[i]));
    if (e)
        add_cands_json_keys(e->sub.fields);
    if (!p->fields_loaded)
        subs_load_fields(ui); /* for the next Tab */
}

/* What Tab offers in the Subscribers pane's prompts: candidates added,
 * or AC_TAGS / AC_FILES for the prompt to offer those. */
enum tui_complete subs_complete(struct tui *ui, bool lookup)
{
    struct subs_pane *p = ui->subs;
    struct bento_cached_sub *e = bento_subcache_find(&p->cache, p->ask.email);
    if (lookup) {
        for (size_t i = 0; i < p->cache.count; i++)
            prompt_cand_add(p->cache.items[i].email, strlen(p->cache.items[i].email));
        return AC_NONE;
    }
    switch (p->ask.complete) {
    case AC_TAGS: return AC_TAGS;
    case AC_PERSON_TAGS:
        for (size_t i = 0; e && i < e->tag_name_count; i++)
            prompt_cand_add(e->tag_names[i], strlen(e->tag_names[i]));
        break;
    case AC_FIELDS:
        for (size_t i = 0; i < p->field_count; i++)
            prompt_cand_add(p->field_keys[i], strlen(p->field_keys[i]));
        __attribute__((fallthrough)); /* the person's own keys too */
    case AC_PERSON_FIELDS:
        if (e)
            add_cands_json_keys(e->sub.fields);
        break;
    case AC_FILES: return AC_FILES;
    case AC_NONE: break;
    }
    return AC_NONE;
}
