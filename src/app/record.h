/*
 * record.h - CSV traces of a run (`e2l run --record DIR`), see record.c.
 */
#ifndef E2L_RECORD_H
#define E2L_RECORD_H

#include "e2l/task.h"

typedef struct csv_recorder csv_recorder;

/* Creates DIR (if need be) and its CSV files; fills rec's callbacks. */
e2l_status csv_recorder_open(const char *dir, csv_recorder **out,
			     task_recorder *rec, e2l_error *err);
/* Closes the files; E2L_EIO if any write failed.  Frees R. */
e2l_status csv_recorder_close(csv_recorder *R, e2l_error *err);

#endif
