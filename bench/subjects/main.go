// Command subjects measures how a NATS server's subject matching holds up against subject-space
// attacks and churn: publishing over many distinct subjects, a hot 1:1 pair while another client
// churns SUB/UNSUB, and a hot pair while another client cycles many subjects. It prints one line per
// workload: name, messages per second, note (tab-separated). Run it against each server in turn;
// bench/subjects.sh does that and prints the ratios.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
)

var (
	url      = flag.String("url", "nats://127.0.0.1:4222", "server")
	duration = flag.Duration("d", 2*time.Second, "measurement time per workload")
	warmup   = flag.Duration("warmup", 500*time.Millisecond, "unmeasured run before each workload")
	only     = flag.String("w", "", "comma-separated workloads to run (default all)")
)

var payload = []byte("0123456789abcdef")

func connect(name string) *nats.Conn {
	nc, err := nats.Connect(*url, nats.Name(name), nats.NoReconnect(), nats.Timeout(5*time.Second))
	if err != nil {
		fmt.Fprintln(os.Stderr, "connect:", err)
		os.Exit(1)
	}
	return nc
}

func subjects(prefix string, n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = fmt.Sprintf("%s.%d", prefix, i)
	}
	return s
}

// publish sends to the subjects in turn for d and returns how many it sent; the final flush
// round-trips a PING, so the server has read them all when it returns.
func publish(nc *nats.Conn, subs []string, d time.Duration) int64 {
	deadline := time.Now().Add(d)
	var n int64
	for i := 0; ; i++ {
		if i&255 == 0 && time.Now().After(deadline) {
			break
		}
		nc.Publish(subs[i%len(subs)], payload)
		n++
	}
	nc.Flush()
	return n
}

// counting subscribes with no pending limits and returns its delivery counter.
func counting(nc *nats.Conn, subject string) *int64 {
	var count int64
	sub, err := nc.Subscribe(subject, func(*nats.Msg) { atomic.AddInt64(&count, 1) })
	if err != nil {
		fmt.Fprintln(os.Stderr, "subscribe:", err)
		os.Exit(1)
	}
	sub.SetPendingLimits(-1, -1)
	nc.Flush()
	return &count
}

// rate runs one publisher for d; with a counter, the rate is of deliveries, measured until the last
// expected message arrived (or 10 s passed: then the note says what was missing).
func rate(pub *nats.Conn, subs []string, counter *int64, d time.Duration) (float64, string) {
	var base int64
	if counter != nil {
		base = atomic.LoadInt64(counter)
	}
	start := time.Now()
	n := publish(pub, subs, d)
	if counter == nil {
		return float64(n) / time.Since(start).Seconds(), ""
	}
	limit := time.Now().Add(10 * time.Second)
	for atomic.LoadInt64(counter)-base < n && time.Now().Before(limit) {
		time.Sleep(time.Millisecond)
	}
	got := atomic.LoadInt64(counter) - base
	note := ""
	if got < n {
		note = fmt.Sprintf("incomplete: %d of %d delivered", got, n)
	}
	return float64(got) / time.Since(start).Seconds(), note
}

// background runs work until stop is closed and returns how many operations it did per second.
func background(work func(stop <-chan struct{}) int64) (stop func() float64) {
	ch := make(chan struct{})
	done := make(chan int64)
	start := time.Now()
	go func() { done <- work(ch) }()
	return func() float64 {
		close(ch)
		n := <-done
		return float64(n) / time.Since(start).Seconds()
	}
}

// churn does perSecond SUB+UNSUB pairs a second on subjects nobody publishes to.
func churn(perSecond int, wildcard bool) func(<-chan struct{}) int64 {
	return func(stop <-chan struct{}) int64 {
		nc := connect("churn")
		defer nc.Close()
		start := time.Now()
		var n int64
		for {
			select {
			case <-stop:
				return n
			default:
			}
			due := int64(time.Since(start).Seconds() * float64(perSecond))
			for ; n < due; n++ {
				subject := fmt.Sprintf("churn.%d", n)
				if wildcard {
					subject += ".*"
				}
				sub, err := nc.Subscribe(subject, func(*nats.Msg) {})
				if err == nil {
					sub.Unsubscribe()
				}
			}
			nc.Flush()
			time.Sleep(time.Millisecond)
		}
	}
}

// cycler publishes flat out over n distinct subjects nobody subscribes to.
func cycler(n int) func(<-chan struct{}) int64 {
	return func(stop <-chan struct{}) int64 {
		nc := connect("cycler")
		defer nc.Close()
		subs := subjects("cycle", n)
		var sent int64
		for {
			select {
			case <-stop:
				nc.Flush()
				return sent
			default:
			}
			sent += publish(nc, subs, 50*time.Millisecond)
		}
	}
}

type workload struct {
	name string
	run  func() (float64, string)
}

// hot measures a 1:1 pair, one publisher over 1,000 subjects and one "hot.>" subscriber, while
// extra runs beside it (nil: alone). A set of subjects in use, not just one, is what a cache that is
// emptied or thrashed by someone else's traffic hurts.
func hot(extra func(<-chan struct{}) int64, what string) func() (float64, string) {
	return func() (float64, string) {
		sub, pub := connect("hot-sub"), connect("hot-pub")
		defer sub.Close()
		defer pub.Close()
		counter := counting(sub, "hot.>")
		var stop func() float64
		if extra != nil {
			stop = background(extra)
		}
		subs := subjects("hot", 1000)
		rate(pub, subs, counter, *warmup)
		r, note := rate(pub, subs, counter, *duration)
		if stop != nil {
			note = strings.TrimSpace(fmt.Sprintf("%s %s %.0f/s", note, what, stop()))
		}
		return r, note
	}
}

// cycle measures one publisher over n distinct subjects, with a "bench.>" subscriber or none.
func cycle(n int, wildcard bool) func() (float64, string) {
	return func() (float64, string) {
		pub := connect("cycle-pub")
		defer pub.Close()
		// Something else in the account, so that the index is not empty.
		other := connect("other")
		defer other.Close()
		counting(other, "other.subject")
		var counter *int64
		if wildcard {
			sub := connect("cycle-sub")
			defer sub.Close()
			counter = counting(sub, "bench.>")
		}
		subs := subjects("bench", n)
		rate(pub, subs, counter, *warmup)
		return rate(pub, subs, counter, *duration)
	}
}

func main() {
	flag.Parse()
	all := []workload{
		{"pub 1 subject", cycle(1, false)},
		{"pub 100,000 subjects", cycle(100_000, false)},
		{"pub 100,000 subjects to bench.>", cycle(100_000, true)},
		{"1:1 over 1,000 hot subjects", hot(nil, "")},
		{"same + 1,000 SUB/UNSUB/s elsewhere", hot(churn(1000, false), "churn")},
		{"same + 1,000 wildcard SUB/UNSUB/s elsewhere", hot(churn(1000, true), "churn")},
		{"same + a client cycling 10,000 subjects", hot(cycler(10_000), "cycler")},
	}
	// Every path once, unmeasured, so that a JIT-compiled server is measured warm from the first row on.
	saved := *duration
	*duration = 2 * time.Second
	hot(churn(1000, true), "")()
	cycle(100_000, true)()
	*duration = saved
	for i, w := range all {
		if *only != "" && !strings.Contains(","+*only+",", fmt.Sprintf(",%d,", i+1)) {
			continue
		}
		r, note := w.run()
		fmt.Printf("%d\t%s\t%.0f\t%s\n", i+1, w.name, r, note)
	}
}
