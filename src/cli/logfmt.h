/* logfmt.h: a log format that does not compile (--log-format, or log_format in the
 * settings), reported like a rule-file error: FILE:LINE:COL: error: ..., the source line
 * and a caret under the problem. On the command line the option is the file
 * ("--log-format:1:22") and its value the source; in the settings the position is the
 * value's own in the file. An error without a column on the command line (a mistyped preset
 * name) stays a one-line message. */
#ifndef SL_LOGFMT_H
#define SL_LOGFMT_H
#include "rule/rule.h"

/* Prints the failure to stderr. spec: the format string; err/col: what sl_format_compile
 * said (col 0: no column). cfg NULL: spec came from the option; else from cfg, read from
 * the settings file cfgfile. */
void sl_log_format_report(const char *spec, const char *err, int col, const sl_config *cfg,
                          const char *cfgfile);

#endif
