/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User names for the uids in records, as this host's passwd database has
 * them: looked up once each, and only live (a file's uids are another
 * host's).
 */
#ifndef PIDFDTRACE_USERS_H
#define PIDFDTRACE_USERS_H

#include <linux/types.h>

#define USERS_CACHE_SIZE 64

struct users {
	struct {
		__u32 uid;
		char name[33];		/* "": no such user */
		char used;
	} cache[USERS_CACHE_SIZE];
};

/* The name of @uid, or NULL when the passwd database has none. */
const char *users_name(struct users *u, __u32 uid);

#endif /* PIDFDTRACE_USERS_H */
