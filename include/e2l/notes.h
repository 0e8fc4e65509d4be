/*
 * notes.h - what doc/tasks.md says beside the parameter tables: where
 * each task family departs from the paper's published code and by how
 * much (bench/deviations measures it), and how to check e2l against the
 * paper.  Markdown; `e2l tasks doc` prints it (src/tasks/notes.c).
 */
#ifndef E2L_NOTES_H
#define E2L_NOTES_H

/* The text after family's parameter table, or "" when it has none. */
const char *task_notes_family(const char *family);
/* The text that ends the document. */
const char *task_notes_closing(void);

#endif
