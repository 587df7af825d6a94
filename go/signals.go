// ts2go Go runtime: signal handlers the host runtime installs after Go loaded get SA_ONSTACK.
// Windows has no POSIX signals: there ts2go_fix_sigonstack does nothing.

package main

/*
#ifdef _WIN32
static void ts2go_fix_sigonstack(void) {}
#else
#include <signal.h>
#include <stddef.h>
#include <string.h>

// Handlers the host runtime installs after Go loaded lack SA_ONSTACK; when such a signal lands on a
// goroutine stack, the handler corrupts it. Re-apply the flag, as Go does at load time, to the
// user-level signals only (SIGSEGV, SIGBUS, SIGPWR and SIGURG belong to the runtimes and Go).
static void ts2go_fix_sigonstack(void) {
	static const int sigs[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH, SIGCHLD,
		SIGALRM, SIGCONT, SIGTSTP, SIGTTIN, SIGTTOU, SIGIO, SIGPIPE};
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		if (sigaction(sigs[i], NULL, &sa) != 0) continue;
		if (sa.sa_handler == SIG_DFL || sa.sa_handler == SIG_IGN) continue;
		if (sa.sa_flags & SA_ONSTACK) continue;
		sa.sa_flags |= SA_ONSTACK;
		sigaction(sigs[i], &sa, NULL);
	}
}
#endif
*/
import "C"

import (
	"sync/atomic"
	"time"
)

var ts2goSignalsFixedAt atomic.Int64

// ts2goFixSignals re-applies SA_ONSTACK (see the preamble) at most once a millisecond: drains and
// submissions call it, so that a listener the app adds after loading is fixed before long, and
// without 15 system calls per batch.
func ts2goFixSignals() {
	now := time.Now().UnixNano()
	if last := ts2goSignalsFixedAt.Load(); now-last > int64(time.Millisecond) && ts2goSignalsFixedAt.CompareAndSwap(last, now) {
		C.ts2go_fix_sigonstack()
	}
}

//export ts2go_fix_signals
func ts2go_fix_signals() { C.ts2go_fix_sigonstack() }
