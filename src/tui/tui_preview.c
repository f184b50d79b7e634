/* An email's subject and body as a recipient reads them, added to the open
 * text view: the Broadcasts detail, the Automations preview and the template
 * history all show mail this way. */
#include "bento/compose.h"

#include "tui/tui.h"

void tui_preview_add(struct tui *ui, const char *subject, const char *html)
{
    struct bento_compose c;
    struct bento_preview pv;
    bento_compose_init(&c);
    if (bento_compose_set_subject(&c, subject) < 0 || bento_compose_set_html(&c, html) < 0 ||
        bento_compose_preview(&c, &pv) < 0) {
        bento_compose_free(&c);
        text_add(&ui->text, "(Out of memory rendering the email)");
        return;
    }
    text_add(&ui->text, "%-12s %s", "Subject:", pv.subject ? pv.subject : "");
    text_add(&ui->text, "%s", "");
    text_add_block(&ui->text, pv.body.text ? pv.body.text : "", "  ");
    if (pv.body.link_count)
        text_add(&ui->text, "Links:");
    for (size_t i = 0; i < pv.body.link_count; i++)
        text_add(&ui->text, "  [%zu] %s", i + 1, pv.body.links[i]);
    bento_preview_free(&pv);
    bento_compose_free(&c);
}
