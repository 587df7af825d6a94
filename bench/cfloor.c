// The cgo floor of workload 3: a C program that loads the bench library and calls the same exported
// Go functions the TypeScript side calls, in a loop, from a C thread (as the JS thread is one).
//
//   gcc -O2 -o cfloor bench/cfloor.c -ldl && ./cfloor libbench-….so 2000000 5
//
// Prints one JSON line: the median ns/call over the runs of ts2go's sync `ping` export
// (`ts2go_BenchCall_ping`, with the same argument and result buffers as the TS client) and of the
// plain `bench_raw_ping(u64) u64` export.
//
//   ./cfloor --wake 20000
//
// measures the machine instead: the round trip of two threads waking each other with a futex (the
// cost of one hop to a sleeping thread, twice), pinned to two CPUs and then to one CPU. On a VM,
// waking an idle vCPU goes through the hypervisor: that is the floor under 1-in-flight latency.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sched.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

typedef uint32_t (*host_open_fn)(void *wake, uint32_t wake_blocks);
typedef void (*ts2go_ping_fn)(uint32_t host, void *args, void *out, uint32_t capacity);
typedef uint64_t (*raw_ping_fn)(uint64_t n);

static double now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp(const void *a, const void *b) {
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void *must(void *lib, const char *name) {
	void *p = dlsym(lib, name);
	if (!p) {
		fprintf(stderr, "cfloor: %s: %s\n", name, dlerror());
		exit(1);
	}
	return p;
}

static _Atomic int turn; // 1: the peer's turn, 0: main's
static long wake_rounds;
static int peer_cpu;

static void futex_wait_while(int v) {
	while (atomic_load(&turn) == v) syscall(SYS_futex, &turn, FUTEX_WAIT_PRIVATE, v, NULL, NULL, 0);
}
static void futex_wake_one(void) { syscall(SYS_futex, &turn, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0); }

static void pin(int cpu) {
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

static void *wake_peer(void *arg) {
	(void)arg;
	pin(peer_cpu);
	for (long i = 0; i < wake_rounds; i++) {
		futex_wait_while(0);
		atomic_store(&turn, 0);
		futex_wake_one();
	}
	return NULL;
}

// The round trip of two threads pinned to CPUs 0 and `other`, waking each other with a futex, in µs.
static double wake_round_trip(long rounds, int other) {
	wake_rounds = rounds;
	peer_cpu = other;
	atomic_store(&turn, 0);
	pin(0);
	pthread_t t;
	pthread_create(&t, NULL, wake_peer, NULL);
	double t0 = now_ns();
	for (long i = 0; i < rounds; i++) {
		atomic_store(&turn, 1);
		futex_wake_one();
		futex_wait_while(1);
	}
	double t1 = now_ns();
	pthread_join(t, NULL);
	return (t1 - t0) / 1e3 / (double)rounds;
}

static int wake_main(long rounds) {
	if (rounds < 1) rounds = 1;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	double cross = ncpu > 1 ? wake_round_trip(rounds, 1) : 0;
	double same = wake_round_trip(rounds, 0);
	printf("{\"cross_cpu_us\":%.2f,\"same_cpu_us\":%.2f,\"rounds\":%ld}\n", cross, same, rounds);
	return 0;
}

int main(int argc, char **argv) {
	if (argc >= 2 && strcmp(argv[1], "--wake") == 0) return wake_main(argc > 2 ? atol(argv[2]) : 20000);
	if (argc < 2) {
		fprintf(stderr, "usage: cfloor LIB [CALLS [RUNS]] | cfloor --wake [ROUNDS]\n");
		return 2;
	}
	long calls = argc > 2 ? atol(argv[2]) : 2000000;
	int runs = argc > 3 ? atoi(argv[3]) : 5;
	if (calls < 1) calls = 1;
	if (runs < 1 || runs > 64) runs = 5;
	void *lib = dlopen(argv[1], RTLD_NOW);
	if (!lib) {
		fprintf(stderr, "cfloor: %s\n", dlerror());
		return 1;
	}
	host_open_fn host_open = (host_open_fn)must(lib, "ts2go_host_open");
	ts2go_ping_fn ping = (ts2go_ping_fn)must(lib, "ts2go_BenchCall_ping");
	raw_ping_fn raw = (raw_ping_fn)must(lib, "bench_raw_ping");

	// A host whose wake callback is never called: sync calls do not wake.
	uint32_t host = host_open(NULL, 0);
	// The TS client's buffers: an 8-byte argument Ref {n u64}, and a 64 KiB result frame buffer.
	uint64_t *args = aligned_alloc(64, 64);
	uint32_t capacity = 64 * 1024;
	uint8_t *out = aligned_alloc(64, capacity);
	memset(out, 0, capacity);

	double t_ping[64], t_raw[64];
	uint64_t check = 0;
	for (long i = 0; i < calls / 10; i++) { // warm-up
		args[0] = (uint64_t)i;
		ping(host, args, out, capacity);
		check += raw((uint64_t)i);
	}
	for (int r = 0; r < runs; r++) {
		double t0 = now_ns();
		for (long i = 0; i < calls; i++) {
			args[0] = (uint64_t)i;
			ping(host, args, out, capacity);
			uint64_t v;
			memcpy(&v, out + 16, 8); // the payload after the 16-byte frame header
			check += v;
		}
		double t1 = now_ns();
		for (long i = 0; i < calls; i++) check += raw((uint64_t)i);
		double t2 = now_ns();
		t_ping[r] = (t1 - t0) / (double)calls;
		t_raw[r] = (t2 - t1) / (double)calls;
	}
	qsort(t_ping, runs, sizeof(double), cmp);
	qsort(t_raw, runs, sizeof(double), cmp);
	printf("{\"ts2go_ping_ns\":%.2f,\"raw_ping_ns\":%.2f,\"calls\":%ld,\"runs\":%d,\"check\":%llu}\n",
		t_ping[runs / 2], t_raw[runs / 2], calls, runs, (unsigned long long)check);
	return 0;
}
