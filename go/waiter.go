// ts2go Go runtime: the C half of wake.go (a waker's ready list, ts2go_wait and ts2go_ready, the
// socket pair, the thread-exit hook). It lives in a file without //export: cgo compiles the
// preamble of a file with //export twice, and ts2go_wait and ts2go_ready must be defined once, so
// that JS can bind them directly (Deno's pool thread then never enters Go). Everything else here is
// static: no symbol of the library can clash with a generated export.
//
// Windows has no socket pairs, and a thread-exit hook there would need the Win32 API: neither is
// built there (Bun workers cannot open clients; Go is not told when a Deno worker ends).

package main

/*
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>
typedef SRWLOCK ts2go_mutex;
typedef CONDITION_VARIABLE ts2go_cond;
#define ts2go_init(m, c) (InitializeSRWLock(m), InitializeConditionVariable(c))
#define ts2go_lock(m) AcquireSRWLockExclusive(m)
#define ts2go_unlock(m) ReleaseSRWLockExclusive(m)
#define ts2go_cond_wait(c, m) SleepConditionVariableSRW(c, m, INFINITE, 0)
#define ts2go_cond_signal(c) WakeConditionVariable(c)
#else
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>
typedef pthread_mutex_t ts2go_mutex;
typedef pthread_cond_t ts2go_cond;
#define ts2go_init(m, c) (pthread_mutex_init(m, NULL), pthread_cond_init(c, NULL))
#define ts2go_lock(m) pthread_mutex_lock(m)
#define ts2go_unlock(m) pthread_mutex_unlock(m)
#define ts2go_cond_wait(c, m) pthread_cond_wait(c, m)
#define ts2go_cond_signal(c) pthread_cond_signal(c)
#endif

#define TS2GO_READY_CAP 256
#define TS2GO_WAIT_CLOSED 0xFFFFFFFFu

// A waker's ready list: Go posts host ids under mu; JS takes up to TS2GO_READY_CAP of them at a
// time into out, at the waiter's address, and reads them there before it takes more. JS takes them
// either by ts2go_wait (Deno: a call kept pending on its blocking pool, which returns once there are
// ids) or by ts2go_ready (a sync call made when the waker's doorbell rang: a byte on its socket, or
// its callback). A post rings the doorbell only when no ts2go_wait is waiting, JS has not said it
// will wait again (waits, which JS writes itself, after out), and it has not rung since JS last took
// the list.
typedef struct ts2go_waiter {
	uint32_t out[TS2GO_READY_CAP];
	uint32_t waits;
	ts2go_mutex mu;
	ts2go_cond cv;
	uint32_t closed, waiting, rung;
	uint32_t n, cap;
	uint32_t *ids;
} ts2go_waiter;

static ts2go_waiter *ts2go_waiter_new(void) {
	ts2go_waiter *w = calloc(1, sizeof(ts2go_waiter));
	if (w == NULL) return NULL;
	ts2go_init(&w->mu, &w->cv);
	return w;
}

// ts2go_take_ready moves up to TS2GO_READY_CAP posted ids into out (mu held) and returns how many.
static uint32_t ts2go_take_ready(ts2go_waiter *w) {
	uint32_t n = w->n < TS2GO_READY_CAP ? w->n : TS2GO_READY_CAP;
	memcpy(w->out, w->ids, n * sizeof(uint32_t));
	memmove(w->ids, w->ids + n, (w->n - n) * sizeof(uint32_t));
	w->n -= n;
	return n;
}

// ts2go_wait blocks until ids were posted or the waiter is closed; it returns how many ids it put
// into out, or TS2GO_WAIT_CLOSED.
uint32_t ts2go_wait(ts2go_waiter *w) {
	ts2go_lock(&w->mu);
	w->waiting = 1;
	while (w->n == 0 && !w->closed) ts2go_cond_wait(&w->cv, &w->mu);
	w->waiting = 0;
	uint32_t n = w->n > 0 ? ts2go_take_ready(w) : TS2GO_WAIT_CLOSED;
	ts2go_unlock(&w->mu);
	return n;
}

// ts2go_ready takes the posted ids without waiting (JS calls it when the doorbell rang): how many
// it put into out, maybe 0.
uint32_t ts2go_ready(ts2go_waiter *w) {
	ts2go_lock(&w->mu);
	w->rung = 0;
	uint32_t n = ts2go_take_ready(w);
	ts2go_unlock(&w->mu);
	return n;
}

// ts2go_waiter_post queues a host id and wakes a waiting ts2go_wait; it returns 1 when the caller
// must ring the doorbell.
static int ts2go_waiter_post(ts2go_waiter *w, uint32_t id) {
	int ring = 0;
	ts2go_lock(&w->mu);
	if (!w->closed) {
		if (w->n == w->cap) {
			uint32_t cap = w->cap ? w->cap * 2 : 64;
			uint32_t *ids = realloc(w->ids, cap * sizeof(uint32_t));
			if (ids == NULL) abort();
			w->ids = ids;
			w->cap = cap;
		}
		w->ids[w->n++] = id;
		if (w->waiting) {
			ts2go_cond_signal(&w->cv);
		} else if (!w->rung && !__atomic_load_n(&w->waits, __ATOMIC_ACQUIRE)) {
			w->rung = ring = 1;
		}
	}
	ts2go_unlock(&w->mu);
	return ring;
}

// ts2go_waiter_close makes a pending ts2go_wait return TS2GO_WAIT_CLOSED, and every post a no-op.
static void ts2go_waiter_close(ts2go_waiter *w) {
	ts2go_lock(&w->mu);
	w->closed = 1;
	ts2go_cond_signal(&w->cv);
	ts2go_unlock(&w->mu);
}

typedef void (*ts2go_doorbell_fn)(void);

// ts2go_call_doorbell calls a waker's callback (Go cannot call a C function pointer itself).
static void ts2go_call_doorbell(void *fn) { ((ts2go_doorbell_fn)fn)(); }

// ts2go_thread_self identifies the calling thread (see ts2goWaker.onThread).
#ifdef _WIN32
static uintptr_t ts2go_thread_self(void) { return (uintptr_t)GetCurrentThreadId(); }
#else
static uintptr_t ts2go_thread_self(void) { return (uintptr_t)pthread_self(); }
#endif

#ifdef _WIN32
static int ts2go_socket_pair(int fds[2]) { return ENOSYS; }
static int ts2go_socket_ring(int fd) { return ENOSYS; }
static void ts2go_socket_close(int fd) {}
static int ts2go_thread_note_waker(int gone_fd, uint32_t id) { return 0; }
#else
// ts2go_socket_pair makes a socket waker's pair: fds[0] for Go, fds[1] for JS.
static int ts2go_socket_pair(int fds[2]) {
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) return errno;
#ifdef SO_NOSIGPIPE
	int one = 1;
	setsockopt(fds[0], SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof(one));
#endif
	return 0;
}

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif

// ts2go_socket_ring writes a byte to Go's end of a socket pair; 0 or the errno (EPIPE: JS closed
// its end).
static int ts2go_socket_ring(int fd) {
	for (;;) {
		if (send(fd, "", 1, MSG_NOSIGNAL) == 1) return 0;
		if (errno != EINTR) return errno;
	}
}

static void ts2go_socket_close(int fd) { close(fd); }

// The JS threads that opened wakers: on exit, each writes its wakers' ids to the pipe Go reads.
static pthread_key_t ts2go_thread_key;
static pthread_once_t ts2go_thread_once = PTHREAD_ONCE_INIT;
static int ts2go_gone_fd = -1;

typedef struct { uint32_t n, cap; uint32_t *ids; } ts2go_thread_wakers;

static void ts2go_thread_exit(void *p) {
	ts2go_thread_wakers *t = p;
	for (uint32_t i = 0; i < t->n; i++) {
		const char *b = (const char *)&t->ids[i];
		size_t left = sizeof(uint32_t);
		while (left > 0) {
			ssize_t n = write(ts2go_gone_fd, b, left);
			if (n < 0 && errno == EINTR) continue;
			if (n < 0) break;
			b += n;
			left -= (size_t)n;
		}
	}
	free(t->ids);
	free(t);
}

static void ts2go_thread_key_init(void) { pthread_key_create(&ts2go_thread_key, ts2go_thread_exit); }

// ts2go_thread_note_waker, called on a JS thread, has its exit report waker id to gone_fd.
static int ts2go_thread_note_waker(int gone_fd, uint32_t id) {
	pthread_once(&ts2go_thread_once, ts2go_thread_key_init);
	ts2go_gone_fd = gone_fd;
	ts2go_thread_wakers *t = pthread_getspecific(ts2go_thread_key);
	if (t == NULL) {
		t = calloc(1, sizeof(*t));
		if (t == NULL) return ENOMEM;
		pthread_setspecific(ts2go_thread_key, t);
	}
	if (t->n == t->cap) {
		uint32_t cap = t->cap ? t->cap * 2 : 4;
		uint32_t *ids = realloc(t->ids, cap * sizeof(uint32_t));
		if (ids == NULL) return ENOMEM;
		t->ids = ids;
		t->cap = cap;
	}
	t->ids[t->n++] = id;
	return 0;
}
#endif
*/
import "C"

import "unsafe"

// ts2goWaiter is a waker's ready list; never freed (JS may hold its address until its thread ends).
type ts2goWaiter = C.ts2go_waiter

func ts2goNewWaiter() *ts2goWaiter { return C.ts2go_waiter_new() }

// ts2goWaiterPost queues a host id; true when the waker's doorbell must ring.
func ts2goWaiterPost(w *ts2goWaiter, id uint32) bool {
	return C.ts2go_waiter_post(w, C.uint32_t(id)) != 0
}

// ts2goWaiterClose ends a pending ts2go_wait and makes later posts no-ops.
func ts2goWaiterClose(w *ts2goWaiter) { C.ts2go_waiter_close(w) }

// ts2goCallDoorbell calls a waker's callback.
func ts2goCallDoorbell(fn unsafe.Pointer) { C.ts2go_call_doorbell(fn) }

// ts2goSocketPair returns Go's and JS's ends of a new socket pair.
func ts2goSocketPair() (goFD, jsFD int, ok bool) {
	var fds [2]C.int
	if C.ts2go_socket_pair(&fds[0]) != 0 {
		return -1, -1, false
	}
	return int(fds[0]), int(fds[1]), true
}

// ts2goSocketRing writes a byte to Go's end of a socket pair; false when JS's end is closed.
func ts2goSocketRing(fd int) bool { return C.ts2go_socket_ring(C.int(fd)) == 0 }

// ts2goSocketClose closes Go's end of a socket pair.
func ts2goSocketClose(fd int) { C.ts2go_socket_close(C.int(fd)) }

// ts2goThreadNoteWaker has the calling thread's exit write waker id to goneFD.
func ts2goThreadNoteWaker(goneFD uintptr, id uint32) bool {
	return C.ts2go_thread_note_waker(C.int(goneFD), C.uint32_t(id)) == 0
}

// ts2goThreadSelf identifies the calling thread.
func ts2goThreadSelf() uintptr { return uintptr(C.ts2go_thread_self()) }
