package prefilter

import "golang.org/x/sys/cpu"

// useAVX2 says whether Scan runs the AVX2 kernel.
var useAVX2 = cpu.X86.HasAVX2

// scanAVX2 is Scan's loop for n bytes (a multiple of 32, with 2 more
// readable): scan_amd64.s.
//
//go:noescape
func scanAVX2(m *masks, buf *byte, n int, camel, ted, digits, under *uint32)
