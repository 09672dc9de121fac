# SPDX-License-Identifier: GPL-2.0
#
# make bench's report: from lines
#   KERNEL BENCH CONFIG WORKLOAD INSTRUCTIONS_PER_CALL LOST
#   KERNEL SUSTAIN READER GAP INSTRUCTIONS_PER_CALL LOST
#   KERNEL CUT PIECES WORKLOAD INSTRUCTIONS_PER_CALL
#   KERNEL SCALE CONFIG WORKLOAD INSTRUCTIONS_PER_CALL LOST  (4 vCPUs)
# (bench/init's output, the kernel release in front) to markdown tables.

function overhead(k, c, w) { return ipc[k, c, w] - ipc[k, "untraced", w] }

function ratio(k, ours, peer, w,    p) {
	p = overhead(k, peer, w)
	if (!((k, ours, w) in ipc) || !((k, peer, w) in ipc) || p <= 0)
		return "n/a"
	return sprintf("%.2f", overhead(k, ours, w) / p)
}

function cell(k, c, w,    s, d) {
	if (!((k, c, w) in ipc))
		return "n/a"
	s = ipc[k, c, w]
	if (c != "untraced") {
		d = overhead(k, c, w)
		s = s sprintf(" (%s%d)", d >= 0 ? "+" : "", d)
	}
	if (lost[k, c, w] != "-" && lost[k, c, w] > 0)
		s = s " **lost " lost[k, c, w] "**"
	return s
}

function verdict(ok) { return ok ? "holds" : "**missed**" }

BEGIN {
	nw = split("sig0 sigcont sigusr1 kill", wl, " ")
	wname["sig0"] = "sig 0"
	wname["sigcont"] = "SIGCONT, ignored"
	wname["sigusr1"] = "SIGUSR1, handled"
	wname["kill"] = "kill() SIGCONT"
	nc = split("untraced loaded empty-probes empty-tracepoint reader-filtered reader-raw reader-mmap reader-json readers-4 ftrace ftrace-pipe bpftrace-printf bpftrace-count", cfg, " ")
	cname["untraced"] = "untraced (module not loaded)"
	cname["loaded"] = "pidfdtrace loaded, no reader"
	cname["empty-probes"] = "empty probes where ours sit, pidfdtrace unloaded (the floor)"
	cname["empty-tracepoint"] = "an empty probe on signal_generate alone (the tracepoint's floor)"
	cname["reader-filtered"] = "pidfdtrace, a reader filtering everything out"
	cname["reader-raw"] = "pidfdtrace + 1 reader, raw read() loop"
	cname["reader-mmap"] = "pidfdtrace + 1 reader, raw, mapped buffers read in place"
	cname["reader-json"] = "pidfdtrace + 1 reader, pidfdtrace --json > /dev/null"
	cname["readers-4"] = "pidfdtrace + 4 raw readers of mapped buffers"
	cname["ftrace"] = "ftrace, 3 events, no reader"
	cname["ftrace-pipe"] = "ftrace, 3 events + cat trace_pipe"
	cname["bpftrace-printf"] = "bpftrace, printf of the 3 events"
	cname["bpftrace-count"] = "bpftrace, count of the 3 events"
}

$2 == "BENCH" {
	if (!($1 in seen)) {
		seen[$1] = 1
		kernels[++nk] = $1
	}
	ipc[$1, $3, $4] = $5
	lost[$1, $3, $4] = $6
}
$2 == "CUT" {
	cut[$1, $3, $4] = $5
}
$2 == "SCALE" {
	ipc[$1 " smp", $3, $4] = $5
	lost[$1 " smp", $3, $4] = $6
}
$2 == "SUSTAIN" {
	sustain[$1, $3] = sprintf("%d loop turns between calls: %d instructions per call, %.0f calls/s at 1 instruction/ns, %s lost", $4, $5, 1e9 / $5, $6)
}

END {
	for (i = 1; i <= nk; i++) {
		k = kernels[i]
		printf "### %s\n\n", k
		print "Guest instructions per call: the median of 3 runs, each of 20,000 calls after 1,000 to warm up; in parentheses, the overhead over untraced. A configuration whose readers lost records says so next to its figure (ftrace without a reader overwrites its ring: that is its loss)."
		print ""
		printf "| configuration |"
		for (w = 1; w <= nw; w++)
			printf " %s |", wname[wl[w]]
		printf "\n|---|"
		for (w = 1; w <= nw; w++)
			printf "--:|"
		print ""
		for (c = 1; c <= nc; c++) {
			if (!((k, cfg[c], "sig0") in ipc))
				continue
			printf "| %s |", cname[cfg[c]]
			for (w = 1; w <= nw; w++)
				printf " %s |", cell(k, cfg[c], wl[w])
			print ""
		}

		print ""
		print "Our overhead over each peer's, per workload:"
		print ""
		printf "| ours | peer |"
		for (w = 1; w <= nw; w++)
			printf " %s |", wname[wl[w]]
		printf "\n|---|---|"
		for (w = 1; w <= nw; w++)
			printf "--:|"
		print ""
		split("reader-mmap reader-raw reader-json readers-4", ours, " ")
		split("ftrace-pipe ftrace bpftrace-printf bpftrace-count", peers, " ")
		for (o = 1; o <= 4; o++)
			for (p = 1; p <= 4; p++) {
				if (!((k, peers[p], "sig0") in ipc))
					continue
				printf "| %s | %s |", cname[ours[o]], cname[peers[p]]
				for (w = 1; w <= nw; w++)
					printf " %s |", ratio(k, ours[o], peers[p], wl[w])
				print ""
			}

		print ""
		print "Targets:"
		print ""
		print "| target | sig 0 | SIGCONT | SIGUSR1 | verdict |"
		print "|---|--:|--:|--:|---|"
		split("reader-mmap reader-json reader-raw", readers, " ")
		split("0.25 0.5 0.25", bound, " ")
		split("raw, mapped", rname, ",")
		rname[2] = "pidfdtrace --json"
		rname[3] = "raw read(), not a target"
		for (r = 1; r <= 3; r++) {
			ok = 1
			row = ""
			for (w = 1; w <= 3; w++) {
				x = ratio(k, readers[r], "ftrace-pipe", wl[w])
				row = row " " x " |"
				if (x == "n/a" || x > bound[r] + 0 || lost[k, readers[r], wl[w]] > 0)
					ok = 0
			}
			printf "| one reader draining (%s), no record lost: ≤ %s × ftrace + trace_pipe |%s %s |\n", rname[r], bound[r], row, r == 3 ? "" : verdict(ok)
		}
		ok = 1
		row = ""
		for (w = 1; w <= 3; w++) {
			x = ratio(k, "loaded", "ftrace", wl[w])
			row = row " " x " |"
			if (x == "n/a" || x > 0.3)
				ok = 0
		}
		printf "| no reader: ≤ 0.3 × ftrace, no reader |%s %s |\n", row, verdict(ok)
		x = 100 * overhead(k, "loaded", "kill") / ipc[k, "untraced", "kill"]
		printf "| plain kill() with the module loaded: ≤ +5%% | | | %+.1f%% | %s |\n", x, verdict(x <= 5)
		x = 100 * overhead(k, "reader-mmap", "kill") / ipc[k, "untraced", "kill"]
		printf "| plain kill() while a reader reads: ≤ +3%% | | | %+.1f%% | %s |\n", x, verdict(x <= 3)

		print ""
		print "Highest sustained call rate (sig 0, one vCPU shared by the caller and the reader, default 1 MiB buffer per CPU), from the lowest rate at which nothing was lost:"
		print ""
		for (r = 1; r <= 3; r++)
			if ((k, readers[r]) in sustain)
				printf "- %s: %s.\n", cname[readers[r]], sustain[k, readers[r]]
		print ""

		if ((k, 1, "sig0") in cut) {
			print "Per piece: the module built without one piece of a call's handling at a time (`PIDFDTRACE_BENCH_CUT`), a reader filtering everything out; the piece costs the difference:"
			print ""
			print "| piece | sig 0 | SIGCONT, ignored |"
			print "|---|--:|--:|"
			split("1 2 4 8", pc, " ")
			piece[1] = "the sender's fields (uids, audit ids, pid namespace, cgroup, parent)"
			piece[2] = "the second look at the fd (fdget, the target's fields, the comparison)"
			piece[4] = "a call's two clock reads (start, duration)"
			piece[8] = "the calls in flight (insert and remove, under a bucket lock)"
			for (p = 1; p <= 4; p++) {
				if (!((k, pc[p], "sig0") in cut))
					continue
				printf "| %s |", piece[pc[p]]
				for (w = 1; w <= 2; w++)
					printf " %d |", ipc[k, "reader-filtered", wl[w]] - cut[k, pc[p], wl[w]]
				print ""
			}
			print ""
		}

		m = k " smp"
		if (!((m, "untraced", "sig0") in ipc))
			continue
		print "Scale: 4 vCPUs, 4 senders at once (one per vCPU, each with a target of its own). Guest instructions of all vCPUs from the first call to the last, per call; in parentheses the overhead over untraced, and for ours the overhead on one vCPU (the table above) after a slash:"
		print ""
		print "| configuration | sig 0 | SIGCONT, ignored | SIGUSR1, handled |"
		print "|---|--:|--:|--:|"
		split("untraced reader-mmap readers-4 ftrace-pipe", sc, " ")
		for (c = 1; c <= 4; c++) {
			if (!((m, sc[c], "sig0") in ipc))
				continue
			printf "| %s |", cname[sc[c]]
			for (w = 1; w <= 3; w++) {
				printf " %s", cell(m, sc[c], wl[w])
				if (sc[c] != "untraced" && sc[c] != "ftrace-pipe" && (k, sc[c], wl[w]) in ipc)
					printf " / +%d", overhead(k, sc[c], wl[w])
				printf " |"
			}
			print ""
		}
		print ""
	}
}
