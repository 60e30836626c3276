/* rule_confine.c: keeps the rule paths a settings file names inside one directory tree. A
 * settings file travels with the checkout it sits in, which a pull request may control, so
 * the rule files it names must come from that same tree: neither an absolute path, nor `..`,
 * nor a symbolic link may lead a committed settings file to a file elsewhere on the machine
 * (whose first line an error message would otherwise show). Pure path logic plus
 * realpath(3); opens no file and never prints. */
#include "rule/rule_int.h"
#include <limits.h>
#include <stdlib.h>

char *sl_path_lexical(const char *abs)
{
    size_t n = strlen(abs);
    char *out = sl_xmalloc(n + 2);
    size_t k = 0;
    const char *p = abs;
    while (*p) {
        while (*p == '/') p++;
        const char *seg = p;
        while (*p && *p != '/') p++;
        size_t len = (size_t)(p - seg);
        if (len == 0 || (len == 1 && seg[0] == '.')) continue;
        if (len == 2 && seg[0] == '.' && seg[1] == '.') { /* drop the last component */
            while (k > 0 && out[k - 1] != '/') k--;
            if (k > 0) k--;
            continue;
        }
        out[k++] = '/';
        memcpy(out + k, seg, len);
        k += len;
    }
    if (k == 0) out[k++] = '/';
    out[k] = 0;
    return out;
}

bool sl_path_under(const char *root, const char *path)
{
    size_t n = strlen(root);
    while (n > 0 && root[n - 1] == '/') n--; /* "/" becomes "", under which everything lies */
    if (strncmp(root, path, n) != 0) return false;
    return path[n] == 0 || path[n] == '/';
}

char *sl_path_real(const char *path)
{
    char buf[PATH_MAX];
    return realpath(path, buf) ? sl_xstrdup(buf) : NULL;
}

char *sl_path_real_dir(const char *file)
{
    const char *slash = strrchr(file, '/');
    if (!slash) return sl_path_real(".");
    if (slash == file) return sl_xstrdup("/");
    char *dir = sl_xstrndup(file, (size_t)(slash - file));
    char *real = sl_path_real(dir);
    free(dir);
    return real;
}

bool sl_path_resolves_under(const char *root, const char *path)
{
    char *real = sl_path_real(path);
    if (!real) return true; /* missing: opening it reports that, and reads nothing */
    bool in = sl_path_under(root, real);
    free(real);
    return in;
}
