/*
 * mpi_none.c - the MPI back end of a build without MPI (mpi.c is the
 * real one): farms have no transport, and a process that an MPI launcher
 * started as one of several refuses to run, since each would evolve the
 * same run alone.  Also linked into tests/e2l-serial of an MPI build, so
 * that its tests compare against a binary without MPI.
 */
#include "farm.h"

int evo_mpi_built(void)
{
	return 0;
}

e2l_status evo_mpi_start(evo_mpi *M, int runs, int threads,
			 volatile int *stop, volatile int *abort,
			 e2l_error *err)
{
	const char *var;
	int size = evo_mpi_launched(&var);

	(void)runs;
	(void)threads;
	(void)stop;
	(void)abort;
	*M = (evo_mpi){ .groups = 1, .world_size = 1, .group_size = 1 };
	if (size > 1)
		return e2l_fail(err, E2L_EINVALID, 0, 0, "started as one of "
				"%d MPI processes (%s=%d), but this e2l was built "
				"without MPI: build it with MPI (apt-get install "
				"libopenmpi-dev openmpi-bin, then configure "
				"--with-mpi), or run it without mpirun or srun",
				size, var, size);
	return E2L_OK;
}

int evo_mpi_serve(evo_mpi *M)
{
	(void)M;
	return 0;
}

void evo_mpi_end(evo_mpi *M)
{
	(void)M;
}

int farm_net_pump(evo_farm *F, farm_batch *B)
{
	(void)F;
	(void)B;
	return 0;
}

int farm_net_workers(const evo_farm *F)
{
	(void)F;
	return 0;
}
