#include "textflag.h"

// func scanAVX2(m *masks, buf *byte, n int, camel, ted, digits, under *uint32)
//
// For each 32 positions i..i+31: the Teddy buckets of the windows at
// buf[i:i+3] (the nibble tables of masks, PSHUFB); the camel-case joints
// buf[i] in a-z, buf[i+1] in A-Z; three digits buf[i:i+3]; an underscore
// buf[i]. One bit per position of each, a 32-bit word per 32 positions.
TEXT ·scanAVX2(SB), NOSPLIT, $0-56
	MOVQ m+0(FP), R8
	MOVQ buf+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ camel+24(FP), DI
	MOVQ ted+32(FP), DX
	MOVQ digits+40(FP), R9
	MOVQ under+48(FP), R10
	VMOVDQU 0(R8), Y0   // lo0
	VMOVDQU 32(R8), Y1  // hi0
	VMOVDQU 64(R8), Y2  // lo1
	VMOVDQU 96(R8), Y3  // hi1
	VMOVDQU 128(R8), Y4 // lo2
	VMOVDQU 160(R8), Y5 // hi2
	VMOVDQU 192(R8), Y6 // 0x0f
	VPXOR   Y7, Y7, Y7  // zero

loop:
	CMPQ CX, $32
	JB   done
	VMOVDQU (SI), Y8
	VMOVDQU 1(SI), Y9
	VMOVDQU 2(SI), Y10

	// Place 0.
	VPAND   Y6, Y8, Y11
	VPSRLW  $4, Y8, Y12
	VPAND   Y6, Y12, Y12
	VPSHUFB Y11, Y0, Y11
	VPSHUFB Y12, Y1, Y12
	VPAND   Y11, Y12, Y13

	// Place 1.
	VPAND   Y6, Y9, Y11
	VPSRLW  $4, Y9, Y12
	VPAND   Y6, Y12, Y12
	VPSHUFB Y11, Y2, Y11
	VPSHUFB Y12, Y3, Y12
	VPAND   Y11, Y12, Y11
	VPAND   Y11, Y13, Y13

	// Place 2.
	VPAND   Y6, Y10, Y11
	VPSRLW  $4, Y10, Y12
	VPAND   Y6, Y12, Y12
	VPSHUFB Y11, Y4, Y11
	VPSHUFB Y12, Y5, Y12
	VPAND   Y11, Y12, Y11
	VPAND   Y11, Y13, Y13

	VPCMPEQB  Y7, Y13, Y13
	VPMOVMSKB Y13, AX
	NOTL      AX
	MOVL      AX, (DX)

	// Camel-case joints: buf[i]-'a' <= 25 and buf[i+1]-'A' <= 25.
	VPSUBB    224(R8), Y8, Y11
	VPMINUB   288(R8), Y11, Y12
	VPCMPEQB  Y11, Y12, Y12
	VPSUBB    256(R8), Y9, Y11
	VPMINUB   288(R8), Y11, Y13
	VPCMPEQB  Y11, Y13, Y13
	VPAND     Y12, Y13, Y13
	VPMOVMSKB Y13, AX
	MOVL      AX, (DI)

	// Three digits: buf[i+k]-'0' <= 9 for k = 0, 1, 2.
	VPSUBB    320(R8), Y8, Y11
	VPMINUB   352(R8), Y11, Y12
	VPCMPEQB  Y11, Y12, Y12
	VPSUBB    320(R8), Y9, Y11
	VPMINUB   352(R8), Y11, Y13
	VPCMPEQB  Y11, Y13, Y13
	VPAND     Y12, Y13, Y13
	VPSUBB    320(R8), Y10, Y11
	VPMINUB   352(R8), Y11, Y12
	VPCMPEQB  Y11, Y12, Y12
	VPAND     Y12, Y13, Y13
	VPMOVMSKB Y13, AX
	MOVL      AX, (R9)

	// Underscores.
	VPCMPEQB  384(R8), Y8, Y11
	VPMOVMSKB Y11, AX
	MOVL      AX, (R10)

	ADDQ $32, SI
	ADDQ $4, DX
	ADDQ $4, DI
	ADDQ $4, R9
	ADDQ $4, R10
	SUBQ $32, CX
	JMP  loop

done:
	VZEROUPPER
	RET
