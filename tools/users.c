// SPDX-License-Identifier: GPL-2.0
/*
 * uids to user names (users.h).
 */

#include <pwd.h>
#include <stdio.h>
#include <string.h>

#include "users.h"

const char *users_name(struct users *u, __u32 uid)
{
	typeof(u->cache[0]) *e = &u->cache[uid % USERS_CACHE_SIZE];
	struct passwd pw, *found = NULL;
	char buf[4096];

	if (!e->used || e->uid != uid) {
		e->used = 1;
		e->uid = uid;
		e->name[0] = '\0';
		if (!getpwuid_r(uid, &pw, buf, sizeof(buf), &found) && found)
			snprintf(e->name, sizeof(e->name), "%s", pw.pw_name);
	}
	return e->name[0] ? e->name : NULL;
}
