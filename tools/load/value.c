/* value.c -- numbers, durations, rates, names and key checks. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "scenario.h"
#include "value.h"

#define VALUE_DURATION_HINT "expected a duration like '4 hours'"
#define VALUE_RATE_HINT "expected a rate like '9.5 per day'"

/* Time units and their length in minutes. */
static const struct {
    const char *name;
    double minutes;
} value_units[] = {
    {"minute", 1},  {"minutes", 1}, {"min", 1},     {"mins", 1},
    {"hour", 60},   {"hours", 60},  {"h", 60},      {"hr", 60},
    {"hrs", 60},    {"day", 1440},  {"days", 1440}, {"d", 1440},
    {"week", 10080}, {"weeks", 10080}, {"w", 10080}, {"wk", 10080},
    {"wks", 10080},
};

static const char *const value_unit_names[] = {
    "minute", "minutes", "min", "mins", "hour", "hours", "h", "hr", "hrs",
    "day", "days", "d", "week", "weeks", "w", "wk", "wks", NULL};

/* Minutes per unit word, or -1. */
static double value_unit(const char *w)
{
    for (size_t i = 0; i < sizeof value_units / sizeof value_units[0]; i++)
        if (strcmp(w, value_units[i].name) == 0)
            return value_units[i].minutes;
    return -1;
}

/* Parses the leading number of s: a decimal literal or YAML's .inf/.nan
 * spellings.  Returns the number of bytes used (0 if none). */
static size_t value_scan(const char *s, double *out)
{
    static const char *const special[] = {
        ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf",
        "+.INF", "-.inf", "-.Inf", "-.INF", NULL};
    for (size_t i = 0; special[i]; i++) {
        size_t l = strlen(special[i]);
        if (strncmp(s, special[i], l) == 0) {
            *out = i < 3 ? NAN : i < 9 ? INFINITY : -INFINITY;
            return l;
        }
    }
    size_t i = 0;
    if (s[i] == '+' || s[i] == '-')
        i++;
    size_t digits = 0;
    while ((s[i] >= '0' && s[i] <= '9') || s[i] == '.') {
        digits += s[i] != '.';
        i++;
    }
    if (!digits)
        return 0;
    if ((s[i] == 'e' || s[i] == 'E') &&
        ((s[i + 1] >= '0' && s[i + 1] <= '9') ||
         ((s[i + 1] == '+' || s[i + 1] == '-') && s[i + 2] >= '0' &&
          s[i + 2] <= '9'))) {
        i += 2;
        while (s[i] >= '0' && s[i] <= '9')
            i++;
    }
    char buf[64];
    if (i >= sizeof buf)
        return 0;
    memcpy(buf, s, i);
    buf[i] = '\0';
    char *end;
    *out = strtod(buf, &end);
    return *end ? 0 : i;
}

/* The scalar text of n, or NULL when n is not a non-null scalar. */
static const char *value_str(const ytree *n)
{
    if (!n || n->kind != YTREE_SCALAR || ytree_is_null(n))
        return NULL;
    return n->str;
}

/* Shows a node in messages: its text, or its kind. */
static const char *value_show(const ytree *n)
{
    if (!n)
        return "nothing";
    if (ytree_is_null(n))
        return "null";
    if (n->kind == YTREE_SCALAR)
        return n->str;
    return n->kind == YTREE_MAP ? "a map" : "a list";
}

int value_number(diag *d, const ytree *n, const char *path, double *out)
{
    const char *s = value_str(n);
    double v;
    if (!s || value_scan(s, &v) != strlen(s) || !*s)
        return diag_at(d, n, path, "'%s' is not a number; expected a number",
                       value_show(n));
    if (!isfinite(v))
        return diag_at(d, n, path,
                       "'%s' is not a finite number; expected a finite number",
                       s);
    *out = v;
    return 0;
}

int value_nonneg(diag *d, const ytree *n, const char *path, int positive,
                 double *out)
{
    if (value_number(d, n, path, out) != 0)
        return -1;
    if (positive && !(*out > 0))
        return diag_at(d, n, path, "%s is not positive; expected a number > 0",
                       n->str);
    if (!(*out >= 0))
        return diag_at(d, n, path, "%s is negative; expected a number >= 0",
                       n->str);
    return 0;
}

int value_fraction(diag *d, const ytree *n, const char *path, double *out)
{
    const char *s = value_str(n);
    size_t l = s ? strlen(s) : 0;
    if (!l || s[l - 1] != '%')
        return value_number(d, n, path, out);
    /* "30%" or "30 %": the number before the sign, over 100. */
    char buf[64];
    size_t k = l - 1;
    while (k && (s[k - 1] == ' ' || s[k - 1] == '\t'))
        k--;
    double v;
    if (k >= sizeof buf)
        k = 0;
    memcpy(buf, s, k);
    buf[k] = '\0';
    if (!k || value_scan(buf, &v) != k)
        return diag_at(d, n, path, "'%s' is not a percent; expected a "
                       "number like 0.3 or a percent like 30%%", s);
    if (!isfinite(v))
        return diag_at(d, n, path, "'%s' is not a finite percent; expected "
                       "a number like 0.3 or a percent like 30%%", s);
    *out = v / 100;
    return 0;
}

int value_share(diag *d, const ytree *n, const char *path, double *out)
{
    if (value_fraction(d, n, path, out) != 0)
        return -1;
    if (!(*out >= 0 && *out <= 1))
        return diag_at(d, n, path, "'%s' is not a share; expected a number "
                       "from 0 to 1 or a percent from 0%% to 100%%", n->str);
    return 0;
}

int value_bool(diag *d, const ytree *n, const char *path, int *out)
{
    static const char *const words[] = {
        "false", "False", "FALSE", "no", "No", "NO",
        "true", "True", "TRUE", "yes", "Yes", "YES", NULL};
    const char *s = value_str(n);
    int i = s ? value_choice(s, words) : -1;
    if (i < 0)
        return diag_at(d, n, path, "'%s' is not a boolean; expected true or "
                       "false", value_show(n));
    *out = i >= 6;
    return 0;
}

int value_long(diag *d, const ytree *n, const char *path, long lo, long hi,
               const char *what, long *out)
{
    const char *s = value_str(n);
    size_t i = s && (s[0] == '-' || s[0] == '+');
    int ok = s && s[i] >= '0' && s[i] <= '9';
    for (; ok && s[i]; i++)
        ok = s[i] >= '0' && s[i] <= '9';
    if (!ok)
        return diag_at(d, n, path, "'%s' is not an integer; expected %s",
                       value_show(n), what);
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno == ERANGE || v > hi)
        return diag_at(d, n, path, "%s is too large; expected at most %ld",
                       s, hi);
    if (v < lo)
        return diag_at(d, n, path, "%s is too small; expected %s", s, what);
    *out = (long)v;
    return 0;
}

int value_parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int value_u64(diag *d, const ytree *n, const char *path, uint64_t *out)
{
    const char *s = value_str(n);
    int ok = s && s[0] >= '0' && s[0] <= '9';
    for (size_t i = 0; ok && s[i]; i++)
        ok = s[i] >= '0' && s[i] <= '9';
    if (!ok)
        return diag_at(d, n, path,
                       "'%s' is not a non-negative integer; expected an "
                       "integer from 0 to 18446744073709551615",
                       value_show(n));
    errno = 0;
    unsigned long long v = strtoull(s, NULL, 10);
    if (errno == ERANGE)
        return diag_at(d, n, path,
                       "%s is too large; expected at most 18446744073709551615",
                       s);
    *out = (uint64_t)v;
    return 0;
}

int value_capacity(diag *d, const ytree *n, const char *path, long min,
                   long *out)
{
    const char *what = min > 0 ? "a positive integer or 'unlimited'"
                               : "a non-negative integer or 'unlimited'";
    const char *s = value_str(n);
    if (s && strcmp(s, "unlimited") == 0) {
        *out = SCENARIO_UNLIMITED;
        return 0;
    }
    size_t i = s && s[0] == '-';
    int ok = s && s[i] >= '0' && s[i] <= '9';
    for (; ok && s[i]; i++)
        ok = s[i] >= '0' && s[i] <= '9';
    if (!ok && s && diag_distance(s, "unlimited") <= 2)
        return diag_at(d, n, path, "unknown word '%s'; did you mean "
                       "'unlimited'?", s);
    if (!ok)
        return diag_at(d, n, path, "'%s' is not a capacity; expected %s",
                       value_show(n), what);
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno == ERANGE || v > SCENARIO_MAX_CAPACITY)
        return diag_at(d, n, path,
                       "%s is too large; expected at most %ld or 'unlimited'",
                       s, SCENARIO_MAX_CAPACITY);
    if (v < min)
        return diag_at(d, n, path, "%s is not allowed; expected %s", s, what);
    *out = (long)v;
    return 0;
}

/* Splits "N UNIT" into a number and minutes per unit; `sep` (e.g. "per")
 * is an optional word between them.  Returns 0, -1 on bad form, -2 on an
 * unknown unit (with the unit word in unit). */
static int value_split(const char *s, const char *sep, double *num,
                       double *per, char *unit, size_t unitlen)
{
    size_t k = value_scan(s, num);
    if (!k)
        return -1;
    s += k;
    while (*s == ' ' || *s == '\t')
        s++;
    if (sep) {
        size_t l = strlen(sep);
        if (*s == '/') {
            s++;
        } else if (strncmp(s, sep, l) == 0 && (s[l] == ' ' || s[l] == '\t')) {
            s += l;
        } else {
            return -1;
        }
        while (*s == ' ' || *s == '\t')
            s++;
    }
    size_t l = strlen(s);
    while (l && (s[l - 1] == ' ' || s[l - 1] == '\t'))
        l--;
    if (!l)
        return -1;
    if (l >= unitlen)
        l = unitlen - 1;
    memcpy(unit, s, l);
    unit[l] = '\0';
    *per = value_unit(unit);
    return *per < 0 ? -2 : 0;
}

/* Reports an unknown time unit with a suggestion. */
static int value_bad_unit(diag *d, const ytree *n, const char *path,
                          const char *unit)
{
    const char *near = diag_nearest(unit, value_unit_names);
    if (near)
        return diag_at(d, n, path,
                       "unknown time unit '%s'; did you mean '%s'?", unit,
                       near);
    return diag_at(d, n, path,
                   "unknown time unit '%s'; use minutes, hours, days or weeks",
                   unit);
}

int value_duration(diag *d, const ytree *n, const char *path, int positive,
                   double *out)
{
    const char *s = value_str(n);
    double num, per;
    char unit[32];
    int rc = s ? value_split(s, NULL, &num, &per, unit, sizeof unit) : -1;
    if (rc == -1)
        return diag_at(d, n, path, "'%s' is not a duration; "
                       VALUE_DURATION_HINT, value_show(n));
    if (rc == -2)
        return value_bad_unit(d, n, path, unit);
    double v = num * per;
    if (!isfinite(v))
        return diag_at(d, n, path, "'%s' is not a finite duration; "
                       VALUE_DURATION_HINT, s);
    if (v < 0)
        return diag_at(d, n, path, "'%s' is negative; " VALUE_DURATION_HINT,
                       s);
    if (positive && v == 0)
        return diag_at(d, n, path,
                       "'%s' is zero; expected a positive duration like "
                       "'4 hours'",
                       s);
    *out = v;
    return 0;
}

int value_rate(diag *d, const ytree *n, const char *path, double *out)
{
    const char *s = value_str(n);
    double num, per;
    char unit[32];
    int rc = s ? value_split(s, "per", &num, &per, unit, sizeof unit) : -1;
    if (rc == -1)
        return diag_at(d, n, path, "'%s' is not a rate; " VALUE_RATE_HINT,
                       value_show(n));
    if (rc == -2)
        return value_bad_unit(d, n, path, unit);
    if (!isfinite(num))
        return diag_at(d, n, path, "'%s' is not a finite rate; "
                       VALUE_RATE_HINT, s);
    if (!(num > 0))
        return diag_at(d, n, path,
                       "'%s' is not positive; " VALUE_RATE_HINT
                       " (remove the arrival to switch it off)",
                       s);
    *out = num / per;
    return 0;
}

int value_text(diag *d, const ytree *n, const char *path, const char **out)
{
    const char *s = value_str(n);
    if (!s || !*s)
        return diag_at(d, n, path, "expected a non-empty text, got %s",
                       value_show(n));
    *out = s;
    return 0;
}

int value_name(diag *d, const ytree *n, const char *path, const char **out)
{
    const char *s = value_str(n);
    int ok = s && *s && strlen(s) <= 64;
    for (size_t i = 0; ok && s[i]; i++)
        ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
             (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-';
    if (!ok)
        return diag_at(d, n, path,
                       "'%s' is not a valid name; expected up to 64 letters, "
                       "digits, '_' or '-'",
                       value_show(n));
    *out = s;
    return 0;
}

int value_map(diag *d, const ytree *n, const char *path, const char *what)
{
    if (!n || n->kind != YTREE_MAP)
        return diag_at(d, n, path, "got %s; expected %s", value_show(n), what);
    return 0;
}

int value_seq(diag *d, const ytree *n, const char *path, const char *what)
{
    if (!n || n->kind != YTREE_SEQ)
        return diag_at(d, n, path, "got %s; expected %s", value_show(n), what);
    return 0;
}

int value_keys(diag *d, const ytree *n, const char *path,
               const char *const *allowed)
{
    for (size_t i = 0; i < n->n; i++) {
        const ytree *k = n->keys[i];
        if (value_choice(k->str, allowed) >= 0)
            continue;
        char sub[DIAG_PATH_MAX];
        diag_path(sub, sizeof sub, path, k->str);
        const char *near = diag_nearest(k->str, allowed);
        if (near)
            return diag_at(d, k, sub, "unknown key '%s'; did you mean '%s'?",
                           k->str, near);
        char list[512];
        size_t len = 0;
        list[0] = '\0';
        for (size_t j = 0; allowed[j] && len < sizeof list; j++) {
            int w = snprintf(list + len, sizeof list - len, "%s%s",
                             j ? ", " : "", allowed[j]);
            if (w < 0)
                break;
            len += (size_t)w;
        }
        return diag_at(d, k, sub, "unknown key '%s'; valid keys are %s",
                       k->str, list);
    }
    return 0;
}

const ytree *value_need(diag *d, const ytree *map, const char *path,
                        const char *key, const char *hint)
{
    const ytree *v = ytree_get(map, key);
    if (v)
        return v;
    char sub[DIAG_PATH_MAX];
    diag_path(sub, sizeof sub, path, key);
    diag_at(d, map, sub, "missing required key '%s'; add e.g. '%s'", key,
            hint);
    return NULL;
}

int value_choice(const char *s, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(s, list[i]) == 0)
            return i;
    return -1;
}
