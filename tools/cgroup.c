// SPDX-License-Identifier: GPL-2.0
/*
 * cgroup v2 ids to paths, containers and units (cgroup.h).
 */

#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The kernfs file handle: its node id, which is the cgroup id. */
#ifndef FILEID_KERNFS
#define FILEID_KERNFS 0xfe
#endif

int cgroups_open(struct cgroups *cg)
{
	char line[4096], mnt[4096], fstype[64];
	FILE *f = fopen("/proc/self/mountinfo", "re");

	memset(cg, 0, sizeof(*cg));
	cg->mount_fd = -1;
	if (!f)
		return -1;
	/* "36 35 0:31 / /sys/fs/cgroup rw,... - cgroup2 cgroup2 rw,..." */
	while (fgets(line, sizeof(line), f)) {
		const char *sep = strstr(line, " - ");

		if (!sep || sscanf(sep, " - %63s", fstype) != 1 ||
		    strcmp(fstype, "cgroup2") ||
		    sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1)
			continue;
		/* Octal escapes of spaces and the like: not a usable path. */
		if (strchr(mnt, '\\'))
			continue;
		cg->mount_fd = open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cg->mount_fd < 0)
			continue;
		cg->mount_len = strcmp(mnt, "/") ? strlen(mnt) : 0;
		break;
	}
	fclose(f);
	return cg->mount_fd < 0 ? -1 : 0;
}

static void lookup(struct cgroups *cg, struct cgroup_name *n)
{
	struct {
		struct file_handle fh;
		__u64 id;
	} h = { .fh = { .handle_bytes = sizeof(__u64),
			.handle_type = FILEID_KERNFS } };
	char proc[64], path[sizeof(n->path) + 4096];
	ssize_t len;
	int fd;

	memcpy(h.fh.f_handle, &n->id, sizeof(n->id));
	fd = open_by_handle_at(cg->mount_fd, &h.fh,
			       O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	len = readlink(proc, path, sizeof(path) - 1);
	close(fd);
	if (len < 0 || (size_t)len < cg->mount_len ||
	    (size_t)len - cg->mount_len >= sizeof(n->path))
		return;
	path[len] = '\0';
	/* The mount point itself is the root cgroup, "/". */
	snprintf(n->path, sizeof(n->path), "%s",
		 path[cg->mount_len] ? path + cg->mount_len : "/");
	n->known = true;
	cgroup_parse(n->path, &n->c);
}

const struct cgroup_name *cgroups_name(struct cgroups *cg, __u64 id)
{
	struct cgroup_name *n;

	if (!id)
		return NULL;
	n = &cg->cache[id % CGROUP_CACHE_SIZE];
	if (n->id == id)
		return n;
	memset(n, 0, sizeof(*n));
	n->id = id;
	if (cg->mount_fd >= 0)
		lookup(cg, n);
	return n;
}

static bool all_hex(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* @comp (@len bytes) is PREFIX<hex>.scope: the hex in @id. */
static bool scope_of(const char *comp, size_t len, const char *prefix,
		     char *id, size_t size)
{
	size_t plen = strlen(prefix), slen = strlen(".scope");

	if (len <= plen + slen || strncmp(comp, prefix, plen) ||
	    strncmp(comp + len - slen, ".scope", slen) ||
	    !all_hex(comp + plen, len - plen - slen) ||
	    len - plen - slen >= size)
		return false;
	memcpy(id, comp + plen, len - plen - slen);
	id[len - plen - slen] = '\0';
	return true;
}

static bool ends_with(const char *comp, size_t len, const char *suffix)
{
	size_t slen = strlen(suffix);

	return len > slen && !strncmp(comp + len - slen, suffix, slen);
}

void cgroup_parse(const char *path, struct cgroup_container *c)
{
	static const struct {
		const char *prefix, *runtime;
	} scopes[] = {
		{ "docker-", "docker" },
		{ "cri-containerd-", "containerd" },
		{ "crio-", "cri-o" },
		{ "libpod-", "podman" },
	};
	const char *comp, *end, *prev = NULL;
	size_t len, prev_len = 0, i;
	bool unit = false;

	memset(c, 0, sizeof(*c));
	for (comp = path; *comp; comp = end) {
		while (*comp == '/')
			comp++;
		end = strchrnul(comp, '/');
		len = end - comp;
		if (!len)
			break;
		for (i = 0; i < ARRAY_SIZE(scopes); i++)
			if (scope_of(comp, len, scopes[i].prefix, c->id,
				     sizeof(c->id))) {
				snprintf(c->runtime, sizeof(c->runtime), "%s",
					 scopes[i].runtime);
				break;
			}
		/* Docker's cgroupfs driver: /docker/<64 hex>. */
		if (i == ARRAY_SIZE(scopes) && len == 64 &&
		    all_hex(comp, len) && prev && prev_len == 6 &&
		    !strncmp(prev, "docker", 6)) {
			memcpy(c->id, comp, len);
			c->id[len] = '\0';
			snprintf(c->runtime, sizeof(c->runtime), "docker");
		}
		/* The innermost unit; a slice only while there is no unit. */
		if ((ends_with(comp, len, ".service") ||
		     ends_with(comp, len, ".scope")) ||
		    (!unit && ends_with(comp, len, ".slice"))) {
			unit = !ends_with(comp, len, ".slice");
			if (len < sizeof(c->unit)) {
				memcpy(c->unit, comp, len);
				c->unit[len] = '\0';
			}
		}
		prev = comp;
		prev_len = len;
	}
}
