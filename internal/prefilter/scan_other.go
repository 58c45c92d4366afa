//go:build !amd64

package prefilter

const useAVX2 = false

func scanAVX2(m *masks, buf *byte, n int, camel, ted *uint32) { panic("no AVX2") }
