/* The compose module: the form, Liquid variables, substitution, HTML to
 * text, the preview's missing-variable spans, checks and the records
 * sent to /batch/emails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bento/compose.h"
#include "bento/sanitize.h"
#include "core/compose_internal.h"

static const char *const authors[] = {"jesse@example.com", "Support@Example.com"};

/* A form that passes every check. */
static void good_form(struct bento_compose *c)
{
    bento_compose_init(c);
    assert_int_equal(bento_compose_add_to(c, "ann@example.com"), 0);
    assert_int_equal(bento_compose_set_from(c, "jesse@example.com"), 0);
    assert_int_equal(bento_compose_set_subject(c, "Hello {{ name }}"), 0);
    assert_int_equal(bento_compose_set_html(c, "<p>Hi {{ name }}, see <a href=\"{{ link }}\">"
                                               "your account</a>.</p>"),
                     0);
    assert_int_equal(bento_compose_parse_var(c, "name=Ann"), 0);
    assert_int_equal(bento_compose_parse_var(c, "link=https://example.com/a?x=1&y=2"), 0);
}

/* ---- the form ---- */

static void test_form_fields(void **state)
{
    struct bento_compose c, d;
    bento_compose_init(&c);
    bento_compose_init(&d);
    assert_int_equal(bento_compose_set_to_text(&c, " a@x.com, b@x.com;c@x.com\n d@x.com ,,"), 0);
    assert_int_equal(c.to_count, 4);
    assert_string_equal(c.to[2], "c@x.com");
    char *joined = bento_compose_to_text(&c);
    assert_string_equal(joined, "a@x.com, b@x.com, c@x.com, d@x.com");
    free(joined);
    assert_int_equal(bento_compose_add_to(&c, "   "), 0);
    assert_int_equal(c.to_count, 4);

    assert_int_equal(bento_compose_parse_var(&c, " name =Ann=Lee"), 0);
    assert_string_equal(bento_compose_get_var(&c, "name"), "Ann=Lee");
    assert_int_equal(bento_compose_parse_var(&c, "name="), 0);
    assert_string_equal(bento_compose_get_var(&c, "name"), "");
    assert_int_equal(c.var_count, 1);
    assert_int_equal(bento_compose_parse_var(&c, "novalue"), -1);
    assert_int_equal(bento_compose_parse_var(&c, " =x"), -1);
    assert_int_equal(bento_compose_set_var(&c, "city", "Oslo"), 0);
    assert_true(bento_compose_remove_var(&c, "name"));
    assert_false(bento_compose_remove_var(&c, "name"));
    assert_null(bento_compose_get_var(&c, "name"));
    assert_string_equal(c.vars[0].key, "city");

    assert_int_equal(bento_compose_set_subject(&c, "S"), 0);
    assert_int_equal(bento_compose_set_subject(&c, ""), 0);
    assert_null(c.subject);
    c.transactional = true;
    assert_int_equal(bento_compose_copy(&d, &c), 0);
    assert_int_equal(d.to_count, 4);
    assert_true(d.transactional);
    assert_string_equal(bento_compose_get_var(&d, "city"), "Oslo");
    bento_compose_free(&c);
    assert_int_equal(d.to_count, 4);
    bento_compose_free(&d);
    bento_compose_free(&d); /* freeing twice is harmless */
}

/* ---- Liquid ---- */

static void test_liquid_scan(void **state)
{
    struct bento_liquid_refs refs = {0};
    const char *text =
        "{{name}} {{ name | upcase }} {{- user.first_name -}} {{ city | default: 'Oslo' }} "
        "{{ \"literal\" }} {{ 42 }} {{ true }} {{ items[0].title }} {{ a.b. }} "
        "{% raw %}{{ hidden }}{% endraw %} {% comment %} {{ gone }} {% endcomment %} "
        "{% if vip %}{{ perk|default:\"none\" }}{% endif %} {{ first-name }} {{ broken";
    assert_int_equal(bento_liquid_scan(text, BENTO_IN_HTML, &refs), 0);
    const char *want[] = {"name", "user.first_name", "city", "items", "a.b", "perk", "first-name"};
    assert_int_equal(refs.count, sizeof want / sizeof *want);
    for (size_t i = 0; i < refs.count; i++)
        assert_string_equal(refs.items[i].name, want[i]);
    assert_int_equal(refs.items[0].uses, 2);
    assert_int_equal(refs.items[0].defaulted, 0);
    assert_int_equal(refs.items[2].defaulted, 1);
    assert_int_equal(refs.items[5].defaulted, 1);
    assert_int_equal(bento_liquid_scan("{{ name }}", BENTO_IN_SUBJECT, &refs), 0);
    assert_int_equal(refs.items[0].where, BENTO_IN_SUBJECT | BENTO_IN_HTML);
    assert_int_equal(refs.items[0].uses, 3);
    bento_liquid_refs_free(&refs);

    /* single braces are text; an unclosed {% ends the scan */
    assert_int_equal(bento_liquid_scan("a { b {x} {{y}} {%x {{ z }}", BENTO_IN_HTML, &refs), 0);
    assert_int_equal(refs.count, 1);
    assert_string_equal(refs.items[0].name, "y");
    bento_liquid_refs_free(&refs);

    /* an unterminated raw block hides the rest */
    assert_int_equal(bento_liquid_scan("{% raw %}{{ x }}", BENTO_IN_HTML, &refs), 0);
    assert_int_equal(refs.count, 0);
    bento_liquid_refs_free(&refs);
}

static void test_substitute(void **state)
{
    struct bento_compose c;
    bento_compose_init(&c);
    bento_compose_set_var(&c, "name", "Ann");
    bento_compose_set_var(&c, "user.first", "A.");
    char *s = bento_compose_substitute(
        &c, "Hi {{name}}/{{ name | upcase }}/{{ user.first }}/{{ city | default: \"Oslo\" }}/"
            "{{ zip }}/{{ 'x' }}{% raw %}{{ name }}{% endraw %}");
    assert_string_equal(s, "Hi Ann/Ann/A./Oslo/{{ zip }}/{{ 'x' }}{% raw %}{{ name }}{% endraw %}");
    free(s);
    s = bento_compose_substitute(&c, NULL);
    assert_string_equal(s, "");
    free(s);
    bento_compose_free(&c);
}

/* ---- HTML to text ---- */

static void expect_text(const char *html, const char *text)
{
    struct bento_text t;
    assert_int_equal(bento_html_to_text(html, &t), 0);
    assert_string_equal(t.text, text);
    bento_text_free(&t);
}

static void test_html_text(void **state)
{
    expect_text("", "");
    expect_text("Hello   <b>world</b>\n  again", "Hello world again\n");
    expect_text("<p>One</p><p>Two</p>", "One\n\nTwo\n");
    expect_text("a<br>b<br/><br />c", "a\nb\n\nc\n");
    expect_text("<div>x</div><div>y</div>", "x\ny\n");
    expect_text("<h1>Title</h1>text", "Title\n\ntext\n");
    expect_text("<ul><li>a</li><li>b<ol><li>c</li><li>d</li></ol></li></ul>",
                "- a\n- b\n  1. c\n  2. d\n");
    expect_text("&amp; &lt;b&gt; &quot;q&quot; &#39;s&#39; caf&eacute; &Eacute;t&eacute; &#x263A; "
                "&#65; &copy; &rsquo; &bogus; &AMP; a&b",
                "& <b> \"q\" 's' caf\xc3\xa9 \xc3\x89t\xc3\xa9 \xe2\x98\xba A \xc2\xa9 "
                "\xe2\x80\x99 &bogus; &AMP; a&b\n");
    expect_text("a&nbsp;&zwnj;&nbsp;b", "a b\n");
    expect_text("x &#27;[31m &#0; y", "x \xef\xbf\xbd[31m \xef\xbf\xbd y\n");
    expect_text("<head><title>T</title><style>p{}</style></head><body>Body"
                "<script>alert('<p>')</script></body>",
                "Body\n");
    expect_text("<head><title>T</title><body>Hi", "Hi\n");
    expect_text("a<!-- <p>hidden</p> -->b <!DOCTYPE html> c", "ab c\n");
    expect_text("1 < 2 and 3 > 2", "1 < 2 and 3 > 2\n");
    expect_text("<img src=x alt=\"Logo &amp; co\"><img src=y>", "[image: Logo & co]\n");
    expect_text("<pre>a  b\n\tc</pre>d", "a  b\n    c\n\nd\n");
    expect_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc\n");
    expect_text("x<hr>y", "x\n----------\ny\n");
    expect_text("<p unclosed='>'>text", "text\n");
    /* control characters from the file are shown, not sent to the terminal */
    expect_text("bell\x07 esc\x1b[2J", "bell\\x07 esc\\e[2J\n");
}

static void test_html_links(void **state)
{
    struct bento_text t;
    assert_int_equal(
        bento_html_to_text(
            "<a href=\"https://a.example/x?a=1&amp;b=2\">Docs</a>, "
            "<A HREF='https://b.example'>B</A> and <a href=https://a.example/x?a=1&amp;b=2>"
            "again</a> <a href=\"#top\">top</a> <a href=\"javascript:x()\">js</a> "
            "<a href=\"mailto:hi@example.com\"><img alt=\"mail\"></a>",
            &t),
        0);
    assert_string_equal(t.text, "Docs [1], B [2] and again [1] top js [image: mail] [3]\n");
    assert_int_equal(t.link_count, 3);
    assert_string_equal(t.links[0], "https://a.example/x?a=1&b=2");
    assert_string_equal(t.links[1], "https://b.example");
    assert_string_equal(t.links[2], "mailto:hi@example.com");
    bento_text_free(&t);

    /* a link with an escape sequence in it is shown escaped */
    assert_int_equal(bento_html_to_text("<a href=\"https://x.example/\x1b]0;t\x07\">x</a>", &t), 0);
    assert_string_equal(t.links[0], "https://x.example/\\e]0;t\\x07");
    bento_text_free(&t);
}

/* ---- preview ---- */

static void test_preview_missing(void **state)
{
    struct bento_compose c;
    struct bento_preview p;
    bento_compose_init(&c);
    bento_compose_set_subject(&c, "Hi {{ name }},\n{{ city }} news");
    bento_compose_set_html(&c, "<p>Dear {{ name }}</p><p>From {{ city | default: 'here' }} "
                               "to <a href=\"{{ link }}\">{{ link_text }}</a>\x01</p>");
    bento_compose_set_var(&c, "city", "Oslo");
    assert_int_equal(bento_compose_preview(&c, &p), 0);
    assert_string_equal(p.subject, "Hi {{ name }}, Oslo news");
    assert_int_equal(p.subject_missing_count, 1);
    assert_int_equal(p.subject_missing[0].start, 3);
    assert_int_equal(p.subject_missing[0].len, strlen("{{ name }}"));
    assert_string_equal(p.body.text, "Dear {{ name }}\n\nFrom Oslo to {{ link_text }} [1]\n");
    assert_int_equal(p.body_missing_count, 2);
    assert_memory_equal(p.body.text + p.body_missing[0].start, "{{ name }}", p.body_missing[0].len);
    assert_memory_equal(p.body.text + p.body_missing[1].start, "{{ link_text }}",
                        p.body_missing[1].len);
    assert_int_equal(p.body.link_count, 1);
    assert_string_equal(p.body.links[0], "{{ link }}");
    bento_preview_free(&p);
    bento_compose_free(&c);
}

static void test_preview_substituted(void **state)
{
    struct bento_compose c;
    struct bento_preview p;
    good_form(&c);
    assert_int_equal(bento_compose_preview(&c, &p), 0);
    assert_string_equal(p.subject, "Hello Ann");
    assert_int_equal(p.subject_missing_count + p.body_missing_count, 0);
    assert_string_equal(p.body.text, "Hi Ann, see your account [1].\n");
    assert_string_equal(p.body.links[0], "https://example.com/a?x=1&y=2");
    bento_preview_free(&p);
    /* a value holding an escape sequence is shown escaped */
    bento_compose_set_var(&c, "name", "\x1b[2JAnn");
    assert_int_equal(bento_compose_preview(&c, &p), 0);
    assert_string_equal(p.subject, "Hello \\e[2JAnn");
    bento_preview_free(&p);
    bento_compose_free(&c);
}

/* ---- checks ---- */

static const struct bento_finding *find(const struct bento_findings *f, const char *code)
{
    for (size_t i = 0; i < f->count; i++)
        if (!strcmp(f->items[i].code, code))
            return &f->items[i];
    return NULL;
}

static void check(const struct bento_compose *c, struct bento_findings *f)
{
    memset(f, 0, sizeof *f);
    assert_int_equal(bento_compose_check(c, authors, 2, f), 0);
    for (size_t i = 0; i < f->count; i++) {
        assert_non_null(f->items[i].code);
        assert_null(strchr(f->items[i].message, '\n'));
        assert_null(strchr(f->items[i].message, '\x1b'));
    }
}

static void test_check_clean(void **state)
{
    struct bento_compose c;
    struct bento_findings f;
    good_form(&c);
    check(&c, &f);
    assert_int_equal(f.count, 0);
    bento_findings_free(&f);
    /* authors compare without case; an unknown author list skips the check */
    bento_compose_set_from(&c, "SUPPORT@example.com ");
    check(&c, &f);
    assert_int_equal(f.count, 0);
    bento_findings_free(&f);
    bento_compose_set_from(&c, "nobody@example.com");
    assert_int_equal(bento_compose_check(&c, NULL, 0, &f), 0);
    assert_int_equal(f.count, 0);
    bento_findings_free(&f);
    bento_compose_free(&c);
}

static void test_check_empty_form(void **state)
{
    struct bento_compose c;
    struct bento_findings f;
    bento_compose_init(&c);
    bento_compose_set_subject(&c, "   ");
    check(&c, &f);
    assert_int_equal(f.errors, 4);
    assert_int_equal(f.warnings, 0);
    assert_string_equal(f.items[0].code, "to_missing");
    assert_string_equal(f.items[1].code, "from_missing");
    assert_string_equal(f.items[2].code, "subject_missing");
    assert_string_equal(f.items[3].code, "html_missing");
    assert_ptr_equal(bento_findings_for(&f, BENTO_FIELD_HTML), &f.items[3]);
    assert_null(bento_findings_for(&f, BENTO_FIELD_VARS));
    assert_string_equal(bento_compose_field_name(f.items[3].field), "html");
    bento_findings_free(&f);
    bento_compose_free(&c);
}

static void test_check_addresses(void **state)
{
    struct bento_compose c;
    struct bento_findings f;
    good_form(&c);
    bento_compose_set_to_text(&c, "ann@example.com ANN@example.com bad@ x@y.co");
    bento_compose_add_to(&c, "Ann <ann@example.com>");
    bento_compose_set_from(&c, "stranger@example.com");
    check(&c, &f);
    const struct bento_finding *x = find(&f, "to_invalid");
    assert_non_null(x);
    assert_int_equal(x->severity, BENTO_SEV_ERROR);
    assert_non_null(strstr(x->message, "\"bad@\""));
    assert_non_null(find(&f, "to_duplicate"));
    assert_int_equal(find(&f, "to_duplicate")->severity, BENTO_SEV_WARNING);
    x = find(&f, "from_not_author");
    assert_non_null(x);
    assert_non_null(strstr(x->message, "stranger@example.com is not an author"));
    assert_non_null(strstr(x->message, "jesse@example.com"));
    assert_int_equal(f.errors, 3); /* bad@, the display-name form, from */
    /* errors come before warnings within a field */
    assert_string_equal(f.items[0].code, "to_invalid");
    assert_string_equal(f.items[2].code, "to_duplicate");
    bento_findings_free(&f);

    bento_compose_set_from(&c, "not an address");
    check(&c, &f);
    assert_non_null(find(&f, "from_invalid"));
    bento_findings_free(&f);

    bento_compose_set_from(&c, "jesse@example.com");
    memset(&f, 0, sizeof f);
    assert_int_equal(bento_compose_check(&c, authors, 0, &f), 0);
    assert_non_null(strstr(find(&f, "from_not_author")->message, "no authors"));
    bento_findings_free(&f);
    bento_compose_free(&c);
}

static void test_check_many_bad_addresses(void **state)
{
    struct bento_compose c;
    struct bento_findings f;
    good_form(&c);
    for (int i = 0; i < 25; i++)
        bento_compose_add_to(&c, "broken");
    bento_compose_add_to(&c, "broken2\x1b[31m");
    check(&c, &f);
    /* repeats of one bad address are reported once */
    assert_int_equal(f.errors, 2);
    assert_non_null(strstr(f.items[1].message, "\\e[31m"));
    bento_findings_free(&f);
    bento_compose_free(&c);
}

static void test_check_variables(void **state)
{
    struct bento_compose c;
    struct bento_findings f;
    good_form(&c);
    bento_compose_set_subject(&c, "{{ first }} {{ visitor.first_name }}");
    bento_compose_set_html(&c,
                           "<p>{{ first }} {{ nick | default: 'you' }} {{ name }} {{ link }}</p>");
    bento_compose_set_var(&c, "unused", "x");
    check(&c, &f);
    const struct bento_finding *x = find(&f, "variable_missing");
    assert_non_null(x);
    assert_int_equal(x->field, BENTO_FIELD_VARS);
    assert_int_equal(x->severity, BENTO_SEV_ERROR);
    assert_non_null(strstr(x->message, "{{ first }} in the subject and body"));
    assert_non_null(strstr(x->message, "first=VALUE"));
    assert_int_equal(find(&f, "variable_unverified")->severity, BENTO_SEV_WARNING);
    assert_non_null(strstr(find(&f, "variable_unused")->message, "unused"));
    assert_int_equal(f.errors, 1);
    assert_int_equal(f.warnings, 2);
    bento_findings_free(&f);
    bento_compose_free(&c);
}

static void test_check_subject_and_body(void **state)
{
    struct bento_compose c;
    struct bento_findings f;
    good_form(&c);
    bento_compose_set_subject(&c, "Big news \xf0\x9f\x8e\x89 for {{ name }}\nline two");
    bento_compose_set_html(&c, "<a href=\"https://bit.ly/abc\">x</a> \xe2\x9c\x85");
    c.transactional = true;
    check(&c, &f);
    assert_non_null(find(&f, "subject_multiline"));
    assert_non_null(find(&f, "subject_emoji"));
    assert_non_null(strstr(find(&f, "html_shortener")->message, "bit.ly"));
    assert_non_null(find(&f, "html_emoji"));
    assert_int_equal(find(&f, "transactional")->severity, BENTO_SEV_WARNING);
    assert_non_null(strstr(find(&f, "transactional")->message, "unsubscribed"));
    bento_findings_free(&f);

    /* a shortener hidden in a personalization still counts */
    bento_compose_set_subject(&c, "Plain");
    bento_compose_set_html(&c, "<a href=\"{{ link }}\">x</a> {{ name }}");
    bento_compose_set_var(&c, "link", "http://www.TinyURL.com/xyz");
    c.transactional = false;
    check(&c, &f);
    assert_int_equal(f.count, 1);
    assert_non_null(strstr(f.items[0].message, "tinyurl.com"));
    bento_findings_free(&f);
    bento_compose_free(&c);
}

static void test_check_body_size(void **state)
{
    struct bento_compose c;
    struct bento_findings f;
    good_form(&c);
    char *big = malloc(BENTO_COMPOSE_HTML_MAX + 2);
    memset(big, 'a', BENTO_COMPOSE_HTML_MAX + 1);
    big[BENTO_COMPOSE_HTML_MAX + 1] = '\0';
    bento_compose_set_html(&c, big);
    bento_compose_set_subject(&c, "Plain");
    bento_compose_remove_var(&c, "name");
    bento_compose_remove_var(&c, "link");
    check(&c, &f);
    assert_int_equal(f.count, 1);
    assert_string_equal(f.items[0].code, "html_too_large");
    assert_non_null(strstr(f.items[0].message, "513 KiB"));
    bento_findings_free(&f);
    big[BENTO_COMPOSE_HTML_WARN + 1] = '\0';
    bento_compose_set_html(&c, big);
    check(&c, &f);
    assert_int_equal(f.count, 1);
    assert_string_equal(f.items[0].code, "html_large");
    assert_int_equal(f.errors, 0);
    bento_findings_free(&f);
    big[BENTO_COMPOSE_HTML_WARN] = '\0';
    bento_compose_set_html(&c, big);
    check(&c, &f);
    assert_int_equal(f.count, 0);
    bento_findings_free(&f);
    free(big);
    bento_compose_free(&c);
}

static void test_spam_helpers(void **state)
{
    assert_int_equal(compose_find_emoji("plain text, \xc3\xa9 and \xe2\x80\x94"), -1);
    assert_int_equal(compose_find_emoji("ab\xe2\xad\x90"), 2);                   /* star */
    assert_int_equal(compose_find_emoji("\xf0\x9f\x87\xb3\xf0\x9f\x87\xb4"), 0); /* flag */
    assert_int_equal(compose_find_emoji("\xe2\x9d\xa4\xef\xb8\x8f"), 0);         /* heart */
    size_t at = 0;
    assert_string_equal(compose_find_shortener("see https://t.co/x and bit.ly/y", &at), "t.co");
    assert_int_equal(at, 12);
    assert_null(compose_find_shortener("https://microsoft.com/ rabbit.ly/x bit.ly", NULL));
    assert_null(compose_find_shortener("https://example.com/bit.ly", NULL));
    assert_string_equal(compose_find_shortener("href=\"http://www.bit.ly/x\"", NULL), "bit.ly");
    assert_string_equal(compose_url_shortener("https://www.Bit.ly/abc"), "bit.ly");
    assert_null(compose_url_shortener("https://bit.ly.example.com/abc"));
}

/* ---- the records ---- */

static void test_emails_payload(void **state)
{
    struct bento_compose c;
    good_form(&c);
    bento_compose_set_to_text(&c, "Ann@Example.com, bob@example.com, ann@example.com, junk");
    bento_compose_set_from(&c, " Jesse@Example.com ");
    char **to;
    size_t n;
    assert_int_equal(bento_compose_recipients(&c, &to, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(to[0], "ann@example.com");
    assert_string_equal(to[1], "bob@example.com");
    bento_compose_recipients_free(to, n);

    cJSON *arr = bento_compose_emails(&c);
    assert_int_equal(cJSON_GetArraySize(arr), 2);
    cJSON *e = cJSON_GetArrayItem(arr, 1);
    assert_string_equal(e->child->string, "to");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(e, "to")), "bob@example.com");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(e, "from")), "jesse@example.com");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(e, "subject")),
                        "Hello {{ name }}");
    assert_non_null(
        strstr(cJSON_GetStringValue(cJSON_GetObjectItem(e, "html_body")), "{{ link }}"));
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(e, "transactional")));
    cJSON *vars = cJSON_GetObjectItem(e, "personalizations");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(vars, "name")), "Ann");
    assert_int_equal(cJSON_GetArraySize(vars), 2);
    cJSON_Delete(arr);

    while (c.var_count)
        bento_compose_remove_var(&c, c.vars[0].key);
    c.transactional = true;
    arr = bento_compose_emails(&c);
    e = cJSON_GetArrayItem(arr, 0);
    assert_null(cJSON_GetObjectItem(e, "personalizations"));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(e, "transactional")));
    cJSON_Delete(arr);
    bento_compose_free(&c);
}

/* A message longer than a finding holds is cut between characters: the
 * authors listed here are long and end in two-byte characters. */
static void test_check_long_message_cut_whole(void **state)
{
    struct bento_compose c;
    good_form(&c);
    const char *many[] = {
        "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9@example.com",
        "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\xc3\xa9\xc3\xa9",
        "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
        "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"};
    struct bento_findings f = {0};
    assert_int_equal(bento_compose_check(&c, many, 3, &f), 0);
    const struct bento_finding *x = bento_findings_for(&f, BENTO_FIELD_FROM);
    assert_non_null(x);
    assert_string_equal(x->code, "from_not_author");
    /* sanitising leaves safe text as it is; a cut character would change */
    char again[BENTO_FINDING_MSG_MAX * 4];
    bento_sanitize(x->message, strlen(x->message), again, sizeof again);
    assert_string_equal(again, x->message);
    bento_findings_free(&f);
    bento_compose_free(&c);
}

/* No recipient at all (an empty To row): no records, and no qsort of a
 * NULL array, which is undefined even when empty. */
static void test_emails_without_recipients(void **state)
{
    struct bento_compose c;
    good_form(&c);
    bento_compose_clear_to(&c);
    char **to;
    size_t n = 1;
    assert_int_equal(bento_compose_recipients(&c, &to, &n), 0);
    assert_int_equal(n, 0);
    bento_compose_recipients_free(to, n);
    cJSON *arr = bento_compose_emails(&c);
    assert_true(cJSON_IsArray(arr));
    assert_int_equal(cJSON_GetArraySize(arr), 0);
    cJSON_Delete(arr);
    bento_compose_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form_fields),
        cmocka_unit_test(test_liquid_scan),
        cmocka_unit_test(test_substitute),
        cmocka_unit_test(test_html_text),
        cmocka_unit_test(test_html_links),
        cmocka_unit_test(test_preview_missing),
        cmocka_unit_test(test_preview_substituted),
        cmocka_unit_test(test_check_clean),
        cmocka_unit_test(test_check_empty_form),
        cmocka_unit_test(test_check_addresses),
        cmocka_unit_test(test_check_many_bad_addresses),
        cmocka_unit_test(test_check_variables),
        cmocka_unit_test(test_check_subject_and_body),
        cmocka_unit_test(test_check_body_size),
        cmocka_unit_test(test_spam_helpers),
        cmocka_unit_test(test_emails_payload),
        cmocka_unit_test(test_emails_without_recipients),
        cmocka_unit_test(test_check_long_message_cut_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
