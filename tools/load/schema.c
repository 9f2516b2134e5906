/* schema.c -- the JSON Schema of the scenario language (schema.h). */
#include <stdio.h>
#include <string.h>
#include "json.h"
#include "keys.h"
#include "schema.h"
#include "value.h"

/* JSON types of the language's values.  A type starting with '@' is a
 * list of names from a loader table (schema_enum). */
#define T_SCALAR "{\"type\": [\"string\", \"number\", \"boolean\"]}"
#define T_STRING "{\"type\": \"string\"}"
#define T_DUR T_STRING /* "4 hours": a number always has a unit */
#define T_TIME T_STRING /* a duration, or a date YYYY-MM-DD */
#define T_RATE T_STRING
#define T_SHARE "{\"type\": [\"number\", \"string\"]}"
#define T_BOOL "{\"type\": \"boolean\"}"
#define T_INT "{\"type\": \"integer\"}"
#define T_INT0 "{\"type\": \"integer\", \"minimum\": 0}"
#define T_INT1 "{\"type\": \"integer\", \"minimum\": 1}"
#define T_NUM0 "{\"type\": \"number\", \"minimum\": 0}"
#define T_MAP "{\"type\": \"object\"}"
#define T_LIST "{\"type\": \"array\"}"
#define T_DIST "{\"$ref\": \"#/$defs/distribution\"}"
#define T_ROUTE "{\"$ref\": \"#/$defs/route\"}"
#define T_LIST_OF(def) \
    "{\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/" def "\"}}"
#define T_REF(def) "{\"$ref\": \"#/$defs/" def "\"}"
#define T_PROFILE(n) \
    "{\"type\": \"array\", \"items\": " T_NUM0 ", \"minItems\": " #n \
    ", \"maxItems\": " #n "}"
#define T_PERIODS \
    "{\"type\": \"array\", \"items\": {\"anyOf\": [" T_REF("period") \
    ", " T_REF("recurring_period") "]}}"
#define T_CAPACITY \
    "{\"anyOf\": [{\"type\": \"integer\", \"minimum\": 0, \"maximum\": " \
    "10000000}, {\"const\": \"unlimited\"}]}"

typedef struct schema_prop {
    const char *key, *type;
} schema_prop;

/* A map of the language: its $defs name, the loader's table of its
 * keys, and the types known of some of them. */
typedef struct schema_object {
    const char *def;
    const char *const *keys;
    const schema_prop *props;
} schema_object;

static const schema_prop TOP[] = {
    {"name", T_SCALAR}, {"description", T_SCALAR}, {"horizon", T_DUR},
    {"warmup", T_DUR},
    {"replications",
     "{\"type\": \"integer\", \"minimum\": 1, \"maximum\": 1000000}"},
    {"seed", T_INT0}, {"start_weekday", "@weekdays"},
    {"max_patients", T_INT1}, {"max_events", T_INT1},
    {"units", "{\"type\": \"object\", \"additionalProperties\": "
              "{\"anyOf\": [" T_REF("unit") ", {\"type\": \"null\"}]}}"},
    {"arrivals", T_LIST_OF("arrival")}, {"start_date", T_TIME},
    {"classes", T_MAP}, {"interventions", T_LIST_OF("intervention")},
    {"targets", T_LIST_OF("target")}, {"costs", T_REF("costs")},
    {"business_case", T_REF("business_case")}, {"monthly", T_LIST},
    {"cohort", T_REF("cohort")}, {"discharge_mix", T_REF("discharge_mix")},
    {"calibrate", T_REF("calibrate")}, {"demand", T_REF("demand")},
    {"levers", T_LIST_OF("lever")},
    {"quantiles", "{\"type\": \"array\", \"items\": " T_SHARE "}"},
    {"distribution",
     "{\"anyOf\": [{\"const\": \"all\"}, {\"type\": \"array\", \"items\": "
     T_STRING "}, {\"type\": \"object\", \"additionalProperties\": " T_INT1
     "}]}"},
    {"pools", "{\"type\": \"object\", \"additionalProperties\": "
              T_REF("pool") "}"},
    {"initial", T_REF("census")}, {NULL, NULL}};

static const schema_prop ARRIVAL[] = {
    {"name", T_SCALAR}, {"rate", T_RATE}, {"interarrival", T_DIST},
    {"to", T_STRING}, {"hourly", T_PROFILE(24)}, {"weekly", T_PROFILE(7)},
    {"periods", T_PERIODS}, {"priority", T_INT},
    {"start", T_TIME}, {"stop", T_TIME},
    {"mix", "{\"type\": \"object\", \"additionalProperties\": " T_SHARE "}"},
    {"ambulance", T_BOOL}, {"elective", T_BOOL}, {"cancel_at", T_SHARE},
    {"scale", T_NUM0}, {NULL, NULL}};

static const schema_prop PERIOD[] = {
    {"from", T_TIME}, {"to", T_TIME}, {"factor", T_NUM0}, {NULL, NULL}};
static const schema_prop RECURRING[] = {
    {"every", "{\"enum\": [\"year\", \"week\"]}"}, {"from", T_STRING}, {"to", T_STRING},
    {"on", T_STRING}, {"factor", T_NUM0}, {NULL, NULL}};
static const schema_prop DEMAND[] = {{"scale", T_NUM0}, {NULL, NULL}};
static const schema_prop POOL[] = {
    {"capacity", T_INT0},
    {"units", "{\"type\": \"array\", \"items\": " T_STRING "}"},
    {NULL, NULL}};
static const schema_prop CENSUS[] = {{"from", T_STRING}, {NULL, NULL}};

static const schema_prop UNIT[] = {
    {"capacity", T_CAPACITY}, {"stay", T_DIST}, {"when_full", "@when_full"},
    {"queue", T_REF("queue")}, {"next", T_ROUTE},
    {"capacity_schedule", T_REF("capacity_schedule")},
    {"wait_threshold", T_DUR}, {"role", "@roles"},
    {"stay_by_class",
     "{\"type\": \"object\", \"additionalProperties\": " T_DIST "}"},
    {"next_by_class",
     "{\"type\": \"object\", \"additionalProperties\": " T_ROUTE "}"},
    {"escalation", T_REF("escalation")},
    {"readmission", T_REF("readmission")},
    {"initial", "{\"type\": \"integer\", \"minimum\": 0, \"maximum\": "
                "10000000}"},
    {"open_hours", T_REF("hours")}, {"review", T_REF("review")},
    {"admission_hours", T_REF("hours")},
    {"stay_periods", T_PERIODS}, {"overflow", T_REF("overflow")},
    {NULL, NULL}};

static const schema_prop QUEUE[] = {
    {"discipline", "{\"enum\": [\"fifo\", \"priority\", \"longest\"]}"},
    {"when_full", "@queue_when_full"}, {"preempt", T_BOOL}, {NULL, NULL}};
static const schema_prop ROUTE_STAY[] = {
    {"share", T_SHARE}, {"stay", T_DIST}, {"delay", T_DIST},
    {"transfer", T_DIST}, {"hold_upstream", T_BOOL}, {NULL, NULL}};
static const schema_prop SCHEDULE[] = {
    {"repeat", T_DUR}, {"changes", T_LIST_OF("capacity_change")},
    {NULL, NULL}};
static const schema_prop CHANGE[] = {
    {"at", T_TIME}, {"on", T_STRING}, {"capacity", "{\"type\": [\"integer\", \"string\"]}"},
    {NULL, NULL}};
static const schema_prop ESCALATION[] = {
    {"beds", T_INT0}, {"open_at", T_SHARE}, {"close_at", T_SHARE},
    {"meetings", "{\"type\": \"array\", \"items\": " T_STRING "}"},
    {NULL, NULL}};
static const schema_prop READMISSION[] = {
    {"share", T_SHARE}, {"within", T_DUR}, {"to", T_STRING}, {NULL, NULL}};
static const schema_prop REVIEW[] = {
    {"at", T_STRING}, {"over", T_DUR}, {"share", "@day_shares"},
    {"surge_waiting", T_INT1}, {"board_rounds", T_LIST},
    {"surge_pull", T_DUR}, {NULL, NULL}};
static const schema_prop OVERFLOW[] = {
    {"to", T_STRING}, {"when_waiting", T_INT1}, {NULL, NULL}};
static const schema_prop HOURS[] = {
    {"from", T_STRING}, {"to", T_STRING}, {"days", "@weekday_list"},
    {NULL, NULL}};
static const schema_prop INTERVENTION[] = {
    {"name", T_SCALAR}, {"classes", T_LIST}, {"where", T_MAP},
    {"effect", "{\"anyOf\": [" T_SHARE ", " T_REF("uncertain_effect") "]}"},
    {"phasing", T_LIST_OF("phase")}, {NULL, NULL}};
static const schema_prop UNCERTAIN_EFFECT[] = {
    {"mean", T_SHARE}, {"sd", T_SHARE}, {NULL, NULL}};
static const schema_prop PHASE[] = {
    {"from", T_TIME},
    {"fraction", "{\"anyOf\": [" T_SHARE ", " T_REF("uncertain_effect") "]}"},
    {NULL, NULL}};
static const schema_prop TARGET[] = {
    {"kpi", T_STRING}, {"value", "{\"type\": \"number\"}"},
    {"tolerance", T_SHARE}, {"source", T_SCALAR}, {NULL, NULL}};
static const schema_prop COHORT[] = {
    {"classes", T_MAP}, {"size", T_SHARE}, {NULL, NULL}};
static const schema_prop MIX[] = {
    {"classes", T_LIST}, {"where", T_MAP}, {NULL, NULL}};
static const schema_prop CALIBRATE[] = {
    {"parameters", T_LIST_OF("calibrate_parameter")},
    {"replications", T_INT1}, {"max_runs", T_INT1}, {NULL, NULL}};
static const schema_prop CALIBRATE_PARAM[] = {
    {"set", T_STRING}, {"from", T_SCALAR}, {"to", T_SCALAR}, {NULL, NULL}};
static const schema_prop LEVER[] = {
    {"key", T_STRING}, {"label", T_SCALAR}, {"unit", T_SCALAR},
    {"group", T_SCALAR},
    {"range", "{\"type\": \"array\", \"items\": {\"type\": \"number\"}, "
              "\"minItems\": 2, \"maxItems\": 3}"},
    {"values", "{\"type\": \"array\", \"items\": {\"type\": \"number\"}, "
               "\"minItems\": 1}"},
    {"default", "{\"type\": \"number\"}"}, {NULL, NULL}};
static const schema_prop NONE[] = {{NULL, NULL}};

static const schema_object SCHEMA_OBJECTS[] = {
    {"arrival", build_arrival_keys, ARRIVAL},
    {"period", build_period_keys, PERIOD},
    {"recurring_period", recurspec_keys, RECURRING},
    {"demand", demandspec_keys, DEMAND},
    {"pool", poolspec_keys, POOL},
    {"census", censusspec_keys, CENSUS},
    {"unit", unitspec_keys, UNIT},
    {"queue", unitspec_queue_keys, QUEUE},
    {"route_stay", routespec_target_keys, ROUTE_STAY},
    {"capacity_schedule", unitspec_schedule_keys, SCHEDULE},
    {"capacity_change", unitspec_change_keys, CHANGE},
    {"escalation", unithealth_escalation_keys, ESCALATION},
    {"readmission", unithealth_readmission_keys, READMISSION},
    {"review", unitflow_review_keys, REVIEW},
    {"overflow", unitflow_overflow_keys, OVERFLOW},
    {"hours", hours_keys, HOURS},
    {"intervention", ivspec_keys, INTERVENTION},
    {"uncertain_effect", ivspec_effect_keys, UNCERTAIN_EFFECT},
    {"phase", ivspec_phase_keys, PHASE},
    {"target", targetspec_keys, TARGET},
    {"cohort", cohortspec_keys, COHORT},
    {"discharge_mix", cohortspec_mix_keys, MIX},
    {"costs", costspec_keys, NONE},
    {"business_case", costspec_bc_keys, NONE},
    {"calibrate", calibspec_keys, CALIBRATE},
    {"calibrate_parameter", calibspec_param_keys, CALIBRATE_PARAM},
    {"lever", leverspec_keys, LEVER},
};

/* A JSON array of the names of a loader table. */
static void schema_names(FILE *f, const char *const *names)
{
    fputc('[', f);
    for (size_t i = 0; names[i]; i++) {
        fputs(i ? ", " : "", f);
        json_str(f, names[i]);
    }
    fputc(']', f);
}

/* The types made of a loader table's names. */
static void schema_enum(FILE *f, const char *type)
{
    if (!strcmp(type, "@weekdays")) {
        fputs("{\"enum\": ", f);
        schema_names(f, datetime_weekdays);
        fputc('}', f);
    } else if (!strcmp(type, "@weekday_list")) {
        fputs("{\"type\": \"array\", \"items\": {\"enum\": ", f);
        schema_names(f, datetime_weekdays);
        fputs("}}", f);
    } else if (!strcmp(type, "@day_shares")) {
        fputs("{\"type\": \"object\", \"propertyNames\": {\"enum\": ", f);
        schema_names(f, unitflow_days);
        fputs("}, \"additionalProperties\": " T_SHARE "}", f);
    } else if (!strcmp(type, "@roles")) {
        fputs("{\"enum\": ", f);
        schema_names(f, unitspec_roles);
        fputc('}', f);
    } else if (!strcmp(type, "@queue_when_full")) {
        fputs("{\"anyOf\": [{\"enum\": ", f);
        schema_names(f, unitspec_queue_rules);
        fputs("}, {\"type\": \"object\", \"properties\": {\"divert\": "
              T_STRING "}, \"required\": [\"divert\"], "
              "\"additionalProperties\": false}]}", f);
    } else { /* @when_full */
        fputs("{\"anyOf\": [{\"enum\": ", f);
        schema_names(f, unitspec_policies);
        fputs("}, {\"type\": \"object\", \"properties\": {\"divert\": "
              T_STRING "}, \"required\": [\"divert\"], "
              "\"additionalProperties\": false}]}", f);
    }
}

/* One map: exactly the loader's keys, each with its type (or any value)
 * or null (which deletes the key from what the file extends).  Returns
 * 0, or -1 when a type names a key the loader does not have. */
static int schema_object_write(FILE *f, const char *const *keys,
                               const schema_prop *props, const char *extra,
                               char *err, size_t size)
{
    for (size_t p = 0; props[p].key; p++)
        if (value_choice(props[p].key, keys) < 0) {
            snprintf(err, size, "schema: a type for '%s', which the "
                     "loader's table does not have", props[p].key);
            return -1;
        }
    fputs("{\"type\": \"object\", \"additionalProperties\": false, "
          "\"properties\": {", f);
    if (extra)
        fputs(extra, f);
    for (size_t i = 0; keys[i]; i++) {
        const char *type = "{}";
        for (size_t p = 0; props[p].key; p++)
            if (!strcmp(props[p].key, keys[i]))
                type = props[p].type;
        fputs(i || extra ? ",\n    " : "\n    ", f);
        json_str(f, keys[i]);
        fputs(": {\"anyOf\": [", f);
        if (type[0] == '@')
            schema_enum(f, type);
        else
            fputs(type, f);
        fputs(", {\"type\": \"null\"}]}", f);
    }
    fputs("}}", f);
    return 0;
}

int schema_write(FILE *f, char *err, size_t size)
{
    fputs("{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
          " \"title\": \"flowsim scenario\",\n"
          " \"description\": \"Written by flowsim schema from the loader's "
          "tables; see scenarios/README.md\",\n"
          " \"$defs\": {\n  \"distribution\": {\"anyOf\": [" T_DUR ", "
          "{\"type\": \"object\", \"minProperties\": 1, \"maxProperties\": "
          "1, \"propertyNames\": {\"enum\": ", f);
    schema_names(f, distspec_kinds);
    fputs("}}]},\n  \"route\": {\"anyOf\": [" T_STRING ", {\"type\": "
          "\"object\", \"additionalProperties\": {\"anyOf\": [" T_SHARE
          ", " T_REF("route_stay") "]}}]}", f);
    for (size_t i = 0; i < sizeof SCHEMA_OBJECTS / sizeof *SCHEMA_OBJECTS;
         i++) {
        fputs(",\n  ", f);
        json_str(f, SCHEMA_OBJECTS[i].def);
        fputs(": ", f);
        if (schema_object_write(f, SCHEMA_OBJECTS[i].keys,
                                SCHEMA_OBJECTS[i].props, NULL, err, size))
            return -1;
    }
    fputs("},\n \"allOf\": [", f);
    /* extends (merge.h) is read before the top level is checked. */
    if (schema_object_write(f, build_top_keys, TOP,
                            "\n    \"extends\": {\"anyOf\": [" T_STRING
                            ", {\"type\": \"array\", \"items\": " T_STRING
                            "}]}",
                            err, size))
        return -1;
    fputs("]}\n", f);
    return 0;
}
