/* logfmt.c: log format errors as diagnostics (logfmt.h), rendered by sl_diags_print like
 * every rule-file and settings error. */
#include "cli/logfmt.h"
#include "base/sl_diag.h"
#include "cli/msg.h"
#include <stdio.h>
#include <string.h>

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Bytes of the directive or variable starting at s (what the caret underlines): $name,
 * ${name}, %X, %>s, %{arg}X; 1 for anything else. Stops at the end of the line. */
static size_t token_len(const char *s)
{
    size_t k = 1;
    if (s[0] == '$') {
        if (s[1] == '{') {
            while (s[k] && s[k] != '}' && s[k] != '\n') k++;
            return s[k] == '}' ? k + 1 : k;
        }
        while (name_char(s[k])) k++;
        return k;
    }
    if (s[0] != '%') return 1;
    while (s[k] == '<' || s[k] == '>') k++;
    if (s[k] == '{') {
        while (s[k] && s[k] != '}' && s[k] != '\n') k++;
        if (s[k] != '}') return k;
        k++;
    }
    return s[k] && s[k] != '\n' ? k + 1 : k;
}

void sl_log_format_report(const char *spec, const char *err, int col, const sl_config *cfg,
                          const char *cfgfile)
{
    const char *msg = err;
    if (col > 0 && !strncmp(err, "column ", 7) && (msg = strstr(err, ": "))) msg += 2;
    else msg = err;
    size_t speclen = strlen(spec);
    size_t off = col > 0 && (size_t)col <= speclen ? (size_t)col - 1 : 0;
    size_t tok = col > 0 && off < speclen ? token_len(spec + off) : 0;
    const char *src = NULL;
    size_t srclen = 0;
    int line = 0, c = 0, end = 0;
    sl_diags d;
    sl_diags_init(&d);
    if (cfg) {
        int eline = 0, ec = 0;
        sl_config_log_format_pos(cfg, off, &line, &c);
        if (tok) sl_config_log_format_pos(cfg, off + tok, &eline, &ec);
        end = eline == line ? ec : 0;
        if (!sl_config_source_line(cfg, line, &src, &srclen)) src = NULL;
        sl_diags_add(&d, SL_DIAG_ERROR, cfgfile, line, c, end, src, srclen, "log_format: %s", msg);
    } else if (col > 0) {
        /* the value is the source: its line holding the column, the column within it */
        const char *ls = spec;
        line = 1;
        for (const char *q = spec; q < spec + off; q++)
            if (*q == '\n') line++, ls = q + 1;
        c = (int)(spec + off - ls) + 1;
        end = c + (int)tok;
        srclen = strcspn(ls, "\n");
        sl_diags_add(&d, SL_DIAG_ERROR, "--log-format", line, c, end, ls, srclen, "%s", msg);
    } else { /* a name, not a string with a place to point at (a mistyped preset) */
        sl_msg("--log-format: %s", msg);
    }
    sl_diags_print(&d, stderr, sl_msg_color());
    sl_diags_fini(&d);
}
