/* outfile.h -- files written atomically: a reader never sees half a
 * file, and a process killed while writing leaves nothing behind; and
 * stdout checked once at the end, so that output that never arrived (a
 * full disk, a closed pipe) is an error. */
#ifndef FLOWSIM_OUTFILE_H
#define FLOWSIM_OUTFILE_H

#include <stdio.h>

/* Opens a new file for path's content in path's folder; it appears
 * under path only at outfile_commit, so a reader never sees a half-written
 * file.  On Linux the new file is unnamed (O_TMPFILE): however the process
 * ends before the commit -- kill -9, a signal, a crash -- nothing is left
 * behind.  Where that is not supported it is a named temporary
 * "flowsim-tmp-XXXXXXXX" beside path, which only an abrupt end can leave.
 * A new file gets mode 0666 less the umask; a file replaced keeps its
 * permissions and, where allowed, its group.  A path that exists and is
 * not a regular file (/dev/null, /dev/stdout, a pipe) is written directly
 * (*tmp_path NULL): renaming over it would replace the device with a
 * file.  Otherwise *tmp_path receives what outfile_commit needs to put the
 * file in place (it reads and frees it).  Returns NULL with errno set. */
FILE *outfile_open(const char *path, char **tmp_path);

/* Flushes and syncs the file and puts it in place under path (replacing
 * what was there in one step, by rename), then closes it; on failure
 * nothing is left (a path written directly is only flushed and closed).
 * Returns 0, or -1 with errno set. */
int outfile_commit(FILE *f, const char *path, char *tmp_path);

/* Ends the output on stdout: flushes and closes it, and says whether all
 * that was written to it got there (a full disk, /dev/full, a closed
 * pipe would otherwise pass unnoticed).  Every command's exit path calls
 * it, once, after its last write.  Returns 0, or -1 with errno set. */
int outfile_close_stdout(void);

#endif
