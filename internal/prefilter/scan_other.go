//go:build !amd64

package prefilter

const useAVX2 = false

func scanAVX2(m *masks, buf *byte, n int, camel, ted, digits, under *uint32) { panic("no AVX2") }
