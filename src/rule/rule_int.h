/* rule_int.h: private types of the rule engine (src/rule/ only).
 * The YAML tree with source marks, the expression AST, the compiled condition nodes, the
 * ruleset's tables, and the helpers the rule_*.c files share. Nothing outside src/rule/
 * includes this file; the public contract is rule.h. */
#ifndef SL_RULE_INT_H
#define SL_RULE_INT_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include "base/sl_alloc.h"
#include "base/sl_arena.h"
#include "base/sl_buf.h"
#include "record/rec_route.h"
#include "rule/prefilter.h"
#include "rule/rule.h"
#include <pcre2.h>
#include <stdarg.h>

#define SL_RULE_YAML_DEPTH 48     /* nesting of YAML collections */
#define SL_RULE_EXPR_DEPTH 200    /* nesting of parentheses / not / macros */
#define SL_RULE_EXPR_COST 100000  /* nodes an expression may expand to (shared macros count again) */
#define SL_RULE_MSG_MAX 2048      /* rendered message cap */
#define SL_REGEX_JIT_MAX 4096     /* longer values are matched by the interpreter (rule_eval.c) */
#define SL_RULE_NCODES 1000

/* ---- source files and positions ---- */
typedef struct srcfile {
    char *name;
    char *text;
    size_t len;
} srcfile;

/* Where a YAML scalar starts: used to map an offset inside its value back to file:line:col. */
typedef struct srcref {
    const srcfile *f;
    int line, col; /* 1-based, column in characters */
    int style;     /* yaml_scalar_style_t */
} srcref;

/* ---- YAML tree ---- */
typedef enum ykind { Y_SCALAR, Y_SEQ, Y_MAP } ykind;
typedef struct ynode {
    ykind kind;
    int line, col;   /* 1-based start */
    int eline, ecol; /* 1-based end (exclusive column) */
    int style;
    char *s;         /* scalar value, NUL-terminated */
    size_t n;
    struct ynode **kid; /* seq: items; map: key, value, key, value ... */
    size_t nkid;
} ynode;

/* Loads one YAML document into a tree allocated from a; errors go to d. NULL root with
 * *ok false on a syntax error; an empty document gives NULL with *ok true. */
ynode *sl_rule_yaml_load(const srcfile *f, sl_arena *a, sl_diags *d, bool *ok);
const ynode *sl_rule_yaml_get(const ynode *map, const char *key);
/* Maps byte offset off inside scalar value (described by ref) to a line and column. */
void sl_rule_srcpos(const srcref *ref, size_t off, int *line, int *col);
srcref sl_rule_ref(const srcfile *f, const ynode *n);

/* ---- diagnostics ---- */
void sl_rule_diag_node(sl_diags *d, sl_diag_level lv, const srcfile *f, const ynode *n,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void sl_rule_diag_at(sl_diags *d, sl_diag_level lv, const srcfile *f, int line, int col,
                     int end_col, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* A span [off, off+len) inside a scalar value. */
void sl_rule_diag_span(sl_diags *d, sl_diag_level lv, const srcref *ref, size_t off, size_t len,
                       const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* The closest candidate within a small edit distance, or NULL. */
const char *sl_rule_didyoumean(const char *word, size_t n, const char *const *cands, size_t nc);
/* True, after one error `expect` at the root's position with no source line shown, when
 * root is not a mapping or none of its keys is, or nearly is, one of allowed: the file is
 * something else, and its text (perhaps a secret) must not reach the error output. */
bool sl_rule_foreign_root(sl_diags *d, const srcfile *f, const ynode *root, const char *expect,
                          const char *const *allowed);
/* Reports unknown keys of map (allowed: NULL-terminated list); returns how many. */
size_t sl_rule_check_keys(sl_diags *d, const srcfile *f, const ynode *map, const char *what,
                          const char *const *allowed);

/* ---- expression AST ---- */
typedef enum tkind {
    T_EOF, T_ERR, T_IDENT, T_STR, T_INT, T_LISTREF, T_LP, T_RP, T_COMMA, T_DOTDOT,
    T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_MATCH, T_NMATCH,
    T_AND, T_OR, T_NOT, T_IN, T_NOTIN, T_STARTSWITH, T_ENDSWITH, T_CONTAINS
} tkind;

typedef struct token {
    tkind kind;
    uint32_t off, len; /* span in the expression text */
    const char *s;     /* identifier / decoded string / list name */
    size_t n;
    int64_t i;
    const char *err;   /* T_ERR: message */
} token;

typedef struct lexer {
    const char *p;
    size_t n, pos;
    sl_arena *a;
} lexer;
void sl_rule_lex_init(lexer *lx, const char *p, size_t n, sl_arena *a);
token sl_rule_lex_next(lexer *lx);
/* Offset in raw literal text (quotes included) of the decoded byte k. */
size_t sl_rule_lex_rawoff(const char *raw, size_t rawlen, size_t k);

typedef enum ekind {
    E_OR, E_AND, E_NOT, E_CMP, E_IDENT, E_STR, E_INT, E_CALL, E_LISTREF, E_LIST, E_RANGE
} ekind;

typedef struct expr {
    ekind kind;
    tkind op;          /* E_CMP: the operator token */
    uint32_t off, len; /* span in the expression text */
    const char *s;     /* E_IDENT / E_STR / E_LISTREF / E_CALL name */
    size_t n;
    int64_t i, i2;     /* E_INT; E_RANGE lo..hi */
    uint32_t soff, slen; /* E_STR: raw literal span (for regex error offsets) */
    struct expr **kid;
    size_t nkid;
} expr;

/* A parsed expression: its text (owned by the ruleset arena) and where it came from. */
typedef struct pexpr {
    const char *text;
    size_t len;
    srcref ref;
    expr *root; /* NULL when it did not parse */
} pexpr;

/* Parses pe->text; reports errors through d. Returns false on error. */
bool sl_rule_parse(pexpr *pe, sl_arena *a, sl_diags *d);

/* ---- compiled conditions ---- */
typedef enum vkind { V_NONE, V_FIELD, V_STR, V_INT, V_CALL } vkind;
typedef struct cval {
    uint8_t kind;
    int16_t field;
    uint32_t n;   /* V_STR: length; V_CALL: the row of sl_builtins (rule_builtins.h) */
    union {
        const char *s;          /* V_STR */
        const struct cval *arg; /* V_CALL: the argument (in the ruleset's arena) */
    };
    int64_t i;
} cval;

typedef enum ckind {
    C_TRUE, C_FALSE, C_AND, C_OR, C_NOT, C_CALL,
    C_ICMP, C_SCMP, C_STRFN, C_MATCH, C_ISET, C_SSET, C_RANGE
} ckind;

#define SL_CALL_EXISTS 1
typedef struct cnode {
    uint8_t kind;
    uint8_t op;   /* T_EQ.. / T_STARTSWITH.. */
    bool neg;     /* not in, !~ */
    uint32_t a, b; /* AND/OR: first kid, count (in rs->kids); NOT: child; sets/regex: index;
                    * CALL: the row of sl_builtins, whose argument is l (op SL_CALL_EXISTS:
                    * exists(<field>), tested inline) */
    cval l, r;
    int64_t lo, hi;
} cnode;

typedef struct cset {
    size_t n;
    int64_t *iv;  /* sorted, for integer sets */
    sl_slice *sv; /* for string sets */
} cset;

/* ---- rules ---- */
typedef struct tseg {
    const char *s; /* literal text, or NULL for a field */
    uint32_t n;
    int field;
} tseg;

typedef struct tkv {
    int field;
    const char *s;
    size_t n;
} tkv;

struct aggcase;
typedef struct tcase {
    bool match;
    struct aggcase *agg; /* a case of an aggregate rule: lines and expectations */
    const char *line; /* a combined log line, or NULL */
    size_t linelen;
    tkv *kv;
    size_t nkv;
    char *shown; /* as written, for explain and FAIL lines */
} tcase;

typedef struct supp {
    struct supp *next;
    bool has_when;
    uint32_t root;
} supp;

typedef struct rule {
    sl_rule_info info;
    const srcfile *f;
    pexpr when;
    srcref msg_ref;
    uint32_t root;     /* compiled `when` */
    tseg *seg;
    size_t nseg;
    int *need_ids;
    size_t nneed;
    bool uses_bytes;   /* `when` reads `bytes` */
    tcase *cases;
    size_t ncases;
    supp *supp;
    uint16_t *disp;    /* dispatch codes (declared or derived from `when`) */
    size_t ndisp;
    bool anystatus;    /* runs for every status */
    bool broken;
    const ynode *codes_node;
    struct aggspec *agg; /* `aggregate:` / `sequence:`, or NULL for a per-line rule */
    const uint8_t *sfold; /* `when` for each status (sl_rule_fold_status), or NULL */
    const uint32_t *sroot; /* `when` for each status with what it decides taken out
                            * (sl_rule_status_roots), or NULL */
} rule;

typedef struct nlist {
    const char *name;
    const srcfile *f;
    const ynode *node;
    bool isint;
    uint32_t set; /* compiled set index */
    bool compiled;
} nlist;

typedef struct macro {
    const char *name;
    const ynode *node;
    pexpr body;
    int state; /* 0 new, 1 compiling, 2 done, 3 bad */
    uint32_t root;
    bool uses_bytes;
} macro;

struct sl_ruleset {
    sl_fields *ft;
    sl_arena arena;
    srcfile **files;
    size_t nfiles;
    rule *rules;
    size_t nrules, caprules;
    nlist *lists;
    size_t nlists;
    macro *macros;
    size_t nmacros;
    cnode *nodes;
    size_t nnodes, capnodes;
    uint32_t *ndepth, *ncost; /* per node, during compilation */
    uint32_t *kids;
    size_t nkids, capkids;
    pcre2_code **re;
    bool *re_jit; /* per pattern: JIT-compiled, so matched by pcre2_jit_match */
    sl_prefilter *re_pf; /* per pattern: literals a match holds (prefilter.h) */
    size_t nre;
    cset *sets;
    size_t nsets;
    struct seen_id { const char *id, *file; int line; } *seen; /* every id, broken rules too */
    size_t nseen, capseen;
    sl_routes *routes;        /* `routes:` of the settings, or NULL */
    size_t nbyslots;          /* aggregate rules' distinct `by` prefixes (sl_rule_agg_prepare) */
    bool finished;
    const struct aggspec *agg_scope; /* while compiling `having`/`then`/a message: its names */
    const char *confine; /* while adding a settings file's rule paths: the tree they stay in */
};

/* rule_confine.c: path confinement for the rule paths of settings files.
 * sl_path_lexical: an absolute path with //, . and .. folded away (caller frees).
 * sl_path_under: root (absolute, folded) is path or one of its ancestors.
 * sl_path_real / sl_path_real_dir: realpath(3) of a path / of a file's directory, or NULL
 * (caller frees). sl_path_resolves_under: path, symbolic links followed, lies under root
 * (true as well when it does not exist: opening it then reports that). */
char *sl_path_lexical(const char *abs);
bool sl_path_under(const char *root, const char *path);
char *sl_path_real(const char *path);
char *sl_path_real_dir(const char *file);
bool sl_path_resolves_under(const char *root, const char *path);

/* rule_compile.c: compile an expression to a condition node (root in *out). rule may be NULL
 * (macros, suppressions). Reports errors to d; returns false on error. */
bool sl_rule_compile(sl_ruleset *rs, rule *r, pexpr *pe, sl_diags *d, uint32_t *out);
/* A node, and a run of kids (their index in rs->kids), added after compilation. */
uint32_t sl_rule_add_node(sl_ruleset *rs, const cnode *n);
uint32_t sl_rule_add_kids(sl_ruleset *rs, const uint32_t *v, size_t n);
/* Resolves an identifier to a field id for rule r (canonical, dotted, listed in needs, or
 * already known); -1 if it is not a field. */
int sl_rule_field(sl_ruleset *rs, const rule *r, const char *s, size_t n);
/* Derives the dispatch codes of r from `codes` and `when`; checks they agree. */
bool sl_rule_dispatch(sl_ruleset *rs, rule *r, sl_diags *d);

/* rule_plan.c: the rules to run for a status (dispatched + code-less, in order): rule
 * indexes, with SL_PLAN_WHEN_TRUE set when the status alone makes `when` true (a rule it
 * makes false is not in the list). */
#define SL_PLAN_WHEN_TRUE 0x80000000u
const uint32_t *sl_rule_plan_list(const sl_plan *p, int status, size_t *n);

/* rule_eval.c */
bool sl_rule_eval_node(sl_evaluator *ev, const sl_record *rec, uint32_t node);
/* What condition root gives on any record whose status is c, for each c in 0..999 (the
 * statuses a plan dispatches on): SL_FOLD_TRUE, SL_FOLD_FALSE, or 0 when it depends on more
 * than the status (or a regex would run first). NULL when no status is decided. In the
 * ruleset's arena. */
#define SL_FOLD_TRUE 1
#define SL_FOLD_FALSE 2
const uint8_t *sl_rule_fold_status(sl_ruleset *rs, uint32_t root);
/* For each status c in 0..999 that fold (sl_rule_fold_status of root, or NULL) leaves undecided,
 * the condition that root is on records whose status is c: the parts c decides taken out, the
 * rest evaluated in the same order (the same regexes run), so it gives what root gives for
 * every such record at a fraction of the walk (`(exists(req.authorization) and status != 403)
 * or (status == 403 and ...)` is `exists(req.authorization)` for a 200). New nodes are added
 * to the ruleset. NULL when no status changes the condition. In the ruleset's arena. */
const uint32_t *sl_rule_status_roots(sl_ruleset *rs, uint32_t root, const uint8_t *fold);
/* The condition root for status s, from its fold table f: true or false, or evaluated. */
static inline bool sl_rule_eval_folded(sl_evaluator *ev, const sl_record *rec, uint32_t root,
                                       const uint8_t *f)
{
    int s = rec->status;
    if (f && s >= 0 && s < SL_RULE_NCODES && f[s]) return f[s] == SL_FOLD_TRUE;
    return sl_rule_eval_node(ev, rec, root);
}
bool sl_rule_run(sl_evaluator *ev, size_t ri, const sl_record *rec);
const char *sl_rule_render(sl_evaluator *ev, const rule *r, const sl_record *rec, size_t *len);

/* rule_load.c */
sl_status sl_rule_load_file(sl_ruleset *rs, srcfile *f, sl_diags *d);
srcfile *sl_rule_srcfile(const char *name, const char *text, size_t len);
void sl_rule_srcfile_free(srcfile *f);

/* ---- aggregate rules (rule_agg.c: syntax, compilation, packing; rule_aggstate.c: state) ---- */
#define SL_AGG_COUNTERS 8      /* named counters per rule */
#define SL_AGG_CARRY 12        /* fields a line carries to the aggregate state */
#define SL_AGG_VALUE_MAX 160   /* bytes kept of one carried value */
#define SL_AGG_DISTINCT 32     /* distinct values tracked per key */
#define SL_AGG_LATE 5          /* seconds a line may be out of order */
#define SL_AGG_BITS_FIRST (1u << 8)
#define SL_AGG_BITS_DISTINCT (1u << 9)
#define SL_AGG_BITS_LEARN (1u << 10)   /* the line matches learn.from */
#define SL_AGG_BITS_LVAL (1u << 11)    /* it has a learn.value */
#define SL_AGG_BITS_TOP (1u << 12)     /* it has a top.field value */
#define SL_AGG_LEARN_MAX 16            /* values a learned set holds at most */
#define SL_AGG_CHAIN 16                /* values a chain remembers */
#define SL_AGG_TOPK 4                  /* Space-Saving counters per time bucket */
#define SL_AGG_HDR 12                  /* key and bits; then the distinct, learned and top
                                        * hashes whose bits are set, 4 bytes each */
#define SL_AGG_CHECKS 8                /* `having` conjuncts checked on the sums first */

/* A top-level conjunct of `having` that compares one of the rule's numbers with a constant:
 * checked on the integers before the record is built, exactly as the evaluator would (a
 * false one makes the whole `having` false). */
typedef enum aggvar { AV_COUNT, AV_SPAN, AV_DISTINCT, AV_LEARNED, AV_TOP_COUNT, AV_TOP_SHARE,
                      AV_STATUS, AV_CTR, AV_SHARE } aggvar;
typedef struct aggcheck {
    uint8_t var;       /* aggvar */
    uint8_t idx;       /* AV_CTR, AV_SHARE: the counter */
    uint8_t kind;      /* C_ICMP or C_RANGE */
    uint8_t op;        /* C_ICMP: T_EQ..T_GE, the variable on the left */
    bool neg;          /* C_RANGE: not in */
    int64_t lo, hi;    /* C_ICMP: the constant in lo; C_RANGE: the bounds */
} aggcheck;

typedef struct aggline {
    tcase c;           /* the line (c.line) or its fields (c.kv) */
    uint32_t repeat;   /* fed this many times */
    int64_t every;     /* seconds added to its time each time */
} aggline;

typedef struct aggcase {
    aggline *lines;
    size_t nlines;
    int64_t findings;  /* exact number expected, or -1: at least one (match) / none (no_match) */
    int64_t count;     /* `count` of the first finding, or -1 */
    int64_t clients;   /* its `clients` (0: not known), or -1: not checked */
    int64_t retries;   /* its `retries`, or -1: not checked */
} aggcase;

typedef struct aggspec {
    bool seq;                 /* `sequence:` rather than `aggregate:` */
    const ynode *node;
    int by[SL_AGG_CARRY];
    size_t nby;
    int64_t window;           /* seconds (`within` for a sequence) */
    int64_t cooldown;         /* seconds */
    size_t nctr;
    const char *ctr_name[SL_AGG_COUNTERS];
    pexpr ctr[SL_AGG_COUNTERS];
    uint32_t ctr_root[SL_AGG_COUNTERS];
    int ctr_field[SL_AGG_COUNTERS], share_field[SL_AGG_COUNTERS]; /* their variables */
    int distinct;             /* field id, or -1 */
    pexpr having, first, then, learn_from, link;
    uint32_t having_root, first_root, then_root, learn_root, link_root;
    int visit;                /* chain: {link, visit}: the field whose values a chain remembers */
    int f_revisit;
    int learn_value;          /* learn: {from, value, max}: field id, or -1 */
    uint32_t learn_max;
    int top_field, top_of;    /* top: {field, of}: field id or -1; counter index or -1 (all lines) */
    int f_learned, f_top, f_top_count, f_top_share;
    bool next;
    int f_count, f_span, f_distinct; /* variables (pseudo-field ids) */
    size_t nfirst;            /* first.<field>: pseudo id and the field it copies */
    int first_pseudo[SL_AGG_CARRY], first_src[SL_AGG_CARRY];
    size_t ncarry;            /* fields packed with each line (beyond method/path/host/status) */
    int carry[SL_AGG_CARRY];
    size_t nchecks;           /* conjuncts of `having` checked on the sums first */
    aggcheck checks[SL_AGG_CHECKS];
    /* packing (worker threads): the per-line conditions for each status (sl_rule_fold_status),
     * and the slot of each prefix of `by` in the evaluator's key cache (rules whose `by`
     * lists start alike share the hashing of that start on a line) */
    const uint8_t *ctr_fold[SL_AGG_COUNTERS], *first_fold, *learn_fold;
    uint16_t by_slot[SL_AGG_CARRY];
} aggspec;

/* Loads rule r's `aggregate:` (seq false) or `sequence:` block. */
bool sl_rule_agg_load(sl_ruleset *rs, rule *r, const srcfile *f, const ynode *n, bool seq, sl_diags *d);
/* An aggregate rule's test case (a mapping with `lines`). */
bool sl_rule_agg_case(sl_ruleset *rs, rule *r, const srcfile *f, const ynode *m, tcase *tc, sl_diags *d);
/* Compiles the block's expressions (after `when`); false on error. */
bool sl_rule_agg_compile(sl_ruleset *rs, rule *r, sl_diags *d);
/* Resolves an aggregate variable of the scope (count, a counter, first.method ...): its
 * pseudo-field id, or -1 when s is not one. */
int sl_rule_agg_name(sl_ruleset *rs, const char *s, size_t n);
/* share(name): the pseudo-field id of that counter's share, or -1. */
int sl_rule_agg_share(sl_ruleset *rs, const char *s, size_t n);
/* Packs what the aggregate state needs of rec for rule r into out (cap bytes); its length. */
size_t sl_rule_agg_pack(sl_evaluator *ev, const rule *r, const sl_record *rec, char *out);
/* Once the rules are final: each aggregate rule's fold tables and key-cache slots. */
void sl_rule_agg_prepare(sl_ruleset *rs);
/* What packing computes once per line for all the aggregate rules that select it: the hash
 * of each `by` prefix (by slot) and of each field's value (by field id), valid while their
 * gen equals gen, which each new record changes. */
typedef struct sl_packcache {
    uint32_t gen;
    uint32_t *key_gen;        /* [nbyslots] */
    uint64_t *key;
    uint32_t fgen[SL_MAX_FIELDS];
    uint64_t fhash[SL_MAX_FIELDS]; /* the hash, and bit 32 when the field has a value */
    uint32_t igen[SL_MAX_FIELDS]; /* a field read as a number (`bytes >= 512`): parsed once */
    int64_t ival[SL_MAX_FIELDS];  /* per record however many conditions read it */
    bool iok[SL_MAX_FIELDS];
} sl_packcache;
sl_packcache *sl_evaluator_packcache(sl_evaluator *ev);
/* rule_eval.c: evaluates node over rec as a fresh record (route recomputed) for rule ri. */
bool sl_rule_eval_fresh(sl_evaluator *ev, size_t ri, const sl_record *rec, uint32_t node);

/* helpers */
/* The last r (0..7) bytes at p as memcpy into a zeroed word gives them, with one load or two
 * and no call; back: the 8 bytes before p + r may be read (they are the value's own). */
static inline uint64_t sl_rule_tail(const char *p, size_t r, bool back)
{
    uint64_t w = 0;
    if (!r) return 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (back) {
        memcpy(&w, p + r - 8, 8);
        return w >> (8 * (8 - r));
    }
    if (r >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, p, 4), memcpy(&hi, p + r - 4, 4);
        return (uint64_t)lo | (uint64_t)hi << (8 * (r - 4)); /* overlapping bytes agree */
    }
    w = (uint8_t)p[0];
    if (r > 1) w |= (uint64_t)(uint8_t)p[1] << 8;
    if (r > 2) w |= (uint64_t)(uint8_t)p[2] << 16;
    return w;
#else
    (void)back;
    memcpy(&w, p, r);
    return w;
#endif
}
/* Writes x in decimal to out (at least 21 bytes, not NUL-terminated); returns the length. */
static inline size_t sl_rule_itoa(int64_t x, char *out)
{
    char tmp[24];
    size_t n = 0, k = 0;
    uint64_t u = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
    do tmp[n++] = (char)('0' + u % 10); while ((u /= 10));
    if (x < 0) out[k++] = '-';
    while (n) out[k++] = tmp[--n];
    return k;
}
char *sl_rule_strdup(sl_arena *a, const char *s, size_t n);
void *sl_rule_alloc(sl_arena *a, size_t n); /* zeroed */
void sl_rule_json_str(FILE *out, const char *s, size_t n);
bool sl_rule_parse_int(const char *s, size_t n, int64_t *out);

#endif
