/* fmt_vtable.c: the vtable pieces of fmt.h that several formats share as they are. */
#include "format/fmt.h"
#include "base/sl_alloc.h"
#include <stdlib.h>

sl_parser *sl_parser_new_plain(const sl_format *f)
{
    sl_parser *p = sl_xcalloc(1, sizeof *p);
    p->fmt = f;
    return p;
}

void sl_parser_free_plain(sl_parser *p) { free(p); }

void sl_format_free_plain(sl_format *f)
{
    if (!f) return;
    free(f->spec);
    free(f);
}
