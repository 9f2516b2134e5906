/* store_int.h -- between store.c and storefile.c only: the opening of a
 * store's SQLite file for writing (storefile.c), wrapped by store_open. */
#ifndef FLOWSIM_STORE_INT_H
#define FLOWSIM_STORE_INT_H

#include <stddef.h>
#include <sqlite3.h>

/* The file of store_open (path NULL: in memory) recognised, made a store
 * if new, in WAL mode.  NULL with *status and err. */
sqlite3 *store_file_open(const char *path, int *status, char *err,
                         size_t errlen);

#endif
