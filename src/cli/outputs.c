/* outputs.c: the -f / -o list every analysing command (the batch run, follow) opens its
 * sinks from, and the sink options that go with the command line. */
#include "cli/run.h"

size_t sl_outputs(const sl_opts *o, sl_output out[SL_MAX_SINKS])
{
    if (!o->nsinks) {
        out[0] = (sl_output){"text", NULL};
        return 1;
    }
    for (size_t i = 0; i < o->nsinks; i++) out[i] = (sl_output){o->formats[i], o->outputs[i]};
    return o->nsinks;
}

sl_sink_opts sl_output_sink_opts(const sl_opts *o, const char *format, bool color)
{
    return (sl_sink_opts){.color = color && !strcmp(format, "text"), .version = SL_VERSION,
                          .max_results = 25000, .group = o->group, .inputs = o->args,
                          .ninputs = o->nargs, .timestamps = o->timestamps};
}
