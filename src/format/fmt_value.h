/* fmt_value.h: the value layer every log format shares (not a public interface): what
 * happens to a field's bytes between the parser finding them and the record holding them.
 * Text programs (fmt_internal.h) and the key table of the structured formats (fmt_keys.h)
 * name a conversion from one enum, and fmt_store applies it; the helpers below are its
 * pieces that parsers also call directly. Decoded or rewritten values go to rec->arena;
 * nothing here allocates otherwise or reads outside the given slice. */
#ifndef SL_FMT_VALUE_H
#define SL_FMT_VALUE_H
#include "record/rec.h"

/* What happens to a value before it is stored. */
typedef enum fmt_conv {
    FC_PLAIN = 0,   /* store as is */
    FC_REQUEST,     /* "METHOD TARGET PROTOCOL": split into method/target/path/query/protocol */
    FC_REQUEST_ABS, /* as FC_REQUEST; an absolute-form target also gives host */
    FC_TARGET,      /* request target: also split into path and query (the key table defers
                     * the split to sl_fmtmap_finish, so an explicit path key wins) */
    FC_STATUS,      /* status: rec->status is set from it */
    FC_CLF_BYTES,   /* "-" means 0 (Apache %b, S3) */
    FC_TIME,        /* timestamp of the kind given (SL_TIME_NONE: kept as text, not a time) */
    FC_TIME_AUTO,   /* timestamp whose kind is guessed from the value (structured formats) */
    FC_DATE,        /* W3C date (YYYY-MM-DD), joined with FC_TOD by the format; a longer
                     * value is a whole timestamp */
    FC_TOD,         /* W3C time of day (HH:MM:SS[.fff]): not stored alone */
    FC_HOSTPORT,    /* "addr:port" / "[v6]:port" -> addr (ALB/ELB, HAProxy, Traefik) */
    FC_VHOSTPORT,   /* "host[:port]" -> host (vhost_combined) */
    FC_NS,          /* nanoseconds -> decimal seconds */
    FC_US,          /* microseconds -> decimal seconds (Apache %D, %{us}T) */
    FC_MS,          /* milliseconds -> decimal seconds (%{ms}T, Traefik, S3, W3C time-taken) */
    FC_QUERY,       /* query string; a leading '?' (Apache %q) is dropped, empty is null */
    FC_XFF,         /* X-Forwarded-For list where CLF has its client: the first is the client */
    FC_HTTPVER,     /* "1.1" -> "HTTP/1.1" (ECS http.version) */
    FC_PLUS,        /* '+' means space (IIS cs(User-Agent)) */
    FC_SKIP         /* matched, not stored */
} fmt_conv;

/* Stores v into rec as field id (ignored when out of range) after conversion conv; tkind is
 * the sl_time_kind of FC_TIME. A duration that is not a number is not stored (the field
 * keeps its value, null after sl_record_clear). False only when the arena is exhausted. */
bool fmt_store(sl_record *rec, int id, int conv, int tkind, sl_slice v);

/* The value of a hex digit, or -1. */
int fmt_hexval(char c);
/* "addr:port" -> addr and "[v6]:port" or "[v6]" -> v6; a bare IPv6 address (two or more
 * ':'), a name without a port and anything whose port is not digits stay whole. */
sl_slice fmt_strip_port(sl_slice v);
/* A count of 10^-digits seconds ("12345", or "12.5" with a fraction) -> decimal seconds
 * ("12.345", "0.0125" for digits 3) in the arena into *out. Not a count: *out is null.
 * False only when the arena is exhausted (then *out is null too). */
bool fmt_scale_seconds(sl_record *rec, sl_slice v, int digits, sl_slice *out);
/* Decodes \" \\ \xHH \n \t \r escapes of a quoted value into rec->arena; s if none/no arena. */
sl_slice fmt_unescape(sl_record *rec, sl_slice s);
/* The kind of a timestamp judged by its text: epoch s/ms/us/ns by digit count, ISO 8601,
 * CLF, or SL_TIME_NONE. */
sl_time_kind fmt_guess_time_kind(sl_slice v);

#endif
