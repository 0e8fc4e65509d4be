/*
 * figure.h - a run's view, or one of its panels, as a figure for slides
 * and papers: SVG, PDF or PNG, drawn with cairo from the snapshot the
 * terminal views draw (live.h) and the family's view record (task_view).
 *
 *     live_snapshot *S = ...; live_copy(L, S);
 *     if (figure_save(S, "lr1.svg", NULL, &err) != E2L_OK) ...  (the view)
 *     figure_save(S, "w.pdf", "weights", &err);          (one panel)
 *
 * From the shell, `e2l run TASK RULE --figure FILE` calls figure_check
 * before it evaluates and figure_run after; the workbench's
 * `save figure FILE [PANEL]` calls figure_save_run on its last run.
 */
#ifndef E2L_FIGURE_H
#define E2L_FIGURE_H

#include "live.h"

enum {
	FIGURE_NAME = 48,        /* a panel's name, with its terminator */
	FIGURE_PANELS = 16       /* panels a run can have, at most */
};

/* The panels a run of view V has, by the names figure_save takes: the
 * raster ("raster") when the family reports spikes, then each curve by
 * its title in lowercase words joined by '-' ("weights",
 * "membrane-potential").  Fills names[0..max-1]; returns how many. */
int figure_panels(const task_view *V, char names[][FIGURE_NAME], int max);

/* Checks what figure_save would refuse before anything is drawn: path's
 * extension (.svg, .pdf or .png, any case) and, unless NULL, panel's name
 * among V's.  E2L_EUNKNOWN with a message naming the file or panel. */
e2l_status figure_check(const char *path, const char *panel,
			const task_view *V, e2l_error *err);

/* Writes S's view (panel NULL) or one panel as a figure to path, whose
 * extension picks the format; through a temporary in path's directory
 * and a rename (e2l_write_atomic), so a failure leaves no file. */
e2l_status figure_save(const live_snapshot *S, const char *path,
		       const char *panel, e2l_error *err);

/* figure_save of L's latest snapshot (L may still be running); L NULL is
 * an error ("no run to draw yet"). */
e2l_status figure_save_run(live_run *L, const char *path, const char *panel,
			   e2l_error *err);

/* For `e2l run ... --figure FILE`: runs experiment 0 of rule on cfg again
 * from seed (the seed the evaluation used, its validation salt included)
 * with the live recorder, so the figure shows what the view would, and
 * titles it with res (the whole evaluation's fitness, mean, experiments
 * and time); then figure_save. */
e2l_status figure_run(const char *path, const char *panel,
		      const task_config *cfg, const task_rule *rule,
		      uint64_t seed, const task_result *res, e2l_error *err);

#endif
