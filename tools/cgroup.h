/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cgroup v2 ids, as records carry them, to what a reader wants to see: the
 * cgroup's path, and the container or systemd unit the path names.
 */
#ifndef PIDFDTRACE_CGROUP_H
#define PIDFDTRACE_CGROUP_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/types.h>

/* What a path says of the container it holds ("docker", "0123...") or not. */
struct cgroup_container {
	char runtime[16];	/* docker, containerd, cri-o, podman; "": none */
	char id[72];		/* the container's id, as the runtime names it */
	char unit[128];		/* the systemd unit or slice of the path; "" */
};

struct cgroup_name {
	__u64 id;		/* 0: an empty slot */
	bool known;		/* path is the cgroup's */
	char path[512];		/* from the cgroup2 root: "/system.slice/x" */
	struct cgroup_container c;
};

#define CGROUP_CACHE_SIZE 256

struct cgroups {
	int mount_fd;		/* the cgroup2 mount; -1: none, nothing known */
	size_t mount_len;	/* length of its path, to cut off */
	struct cgroup_name cache[CGROUP_CACHE_SIZE];
};

/*
 * Opens this host's cgroup2 mount (from /proc/self/mountinfo) for lookups:
 * 0, or -1 when there is none (then every lookup says "not known").
 */
int cgroups_open(struct cgroups *cg);

/*
 * The name of cgroup @id, looked up once (open_by_handle_at() on the
 * cgroup2 mount, which needs CAP_DAC_READ_SEARCH) and cached; NULL for 0.
 * A cgroup gone since, or one the caller cannot see, is not known.
 */
const struct cgroup_name *cgroups_name(struct cgroups *cg, __u64 id);

/*
 * What @path says: the container of its innermost component that names
 * one (docker-ID.scope, cri-containerd-ID.scope, crio-ID.scope,
 * libpod-ID.scope; /docker/ID of the cgroupfs driver), and its innermost
 * systemd unit (.service, .scope) or else slice.
 */
void cgroup_parse(const char *path, struct cgroup_container *c);

#endif /* PIDFDTRACE_CGROUP_H */
