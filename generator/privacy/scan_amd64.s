//go:build amd64 && !purego

#include "textflag.h"

// Each constant is one byte repeated 32 times.
#define CONST(name, b) \
	DATA name<>+0(SB)/8, $b; \
	DATA name<>+8(SB)/8, $b; \
	DATA name<>+16(SB)/8, $b; \
	DATA name<>+24(SB)/8, $b; \
	GLOBL name<>(SB), RODATA|NOPTR, $32

CONST(c46, 0x4646464646464646)
CONST(c75, 0x7575757575757575)
CONST(cE6, 0xe6e6e6e6e6e6e6e6)
CONST(c20, 0x2020202020202020)
CONST(c2D, 0x2d2d2d2d2d2d2d2d)
CONST(cEF, 0xefefefefefefefef)
CONST(cBC, 0xbcbcbcbcbcbcbcbc)
CONST(c86, 0x8686868686868686)
CONST(cAF, 0xafafafafafafafaf)
CONST(cE5, 0xe5e5e5e5e5e5e5e5)
CONST(c85, 0x8585858585858585)

// func skipAVX2(text []byte, i int) (j int, flags uint32)
//
// A byte b is a digit when b+0x46 (wrapping) is above 0x75 as a signed
// byte, and one of 0x90-0x99 when b+0xE6 is.
TEXT ·skipAVX2(SB), NOSPLIT, $0-44
	MOVQ text_base+0(FP), SI
	MOVQ text_len+8(FP), DX
	MOVQ i+24(FP), AX
	SUBQ $34, DX        // the last offset with 34 bytes left
	XORQ R8, R8         // runs of three digits in the 32 bytes before
	VMOVDQU c46<>(SB), Y14
	VMOVDQU c75<>(SB), Y15

loop:
	CMPQ AX, DX
	JGT  end
	VMOVDQU (SI)(AX*1), Y0    // text[j+k]
	VMOVDQU 1(SI)(AX*1), Y1   // text[j+k+1]
	VMOVDQU 2(SI)(AX*1), Y2   // text[j+k+2]

	// Digits at k, k+1, k+2.
	VPADDB   Y14, Y0, Y3
	VPCMPGTB Y15, Y3, Y3
	VPADDB   Y14, Y1, Y4
	VPCMPGTB Y15, Y4, Y4
	VPADDB   Y14, Y2, Y5
	VPCMPGTB Y15, Y5, Y5

	// Three digits from k on, for long runs below.
	VPAND     Y3, Y4, Y6
	VPAND     Y5, Y6, Y6
	VPMOVMSKB Y6, R9

	// A run ends at k and goes on: digit at k, no digit at k+1, and
	// 0xEF at k+1 or a separator at k+1 and a digit or 0xEF at k+2.
	VPCMPEQB cEF<>(SB), Y1, Y7
	VPCMPEQB cEF<>(SB), Y2, Y8
	VPOR     Y8, Y5, Y8
	VPCMPEQB c20<>(SB), Y1, Y9
	VPCMPEQB c2D<>(SB), Y1, Y10
	VPOR     Y10, Y9, Y9
	VPAND    Y9, Y8, Y8
	VPOR     Y7, Y8, Y8
	VPANDN   Y8, Y4, Y8
	VPAND    Y3, Y8, Y8

	// A full-width digit: EF BC 90-99 from k on.
	VPCMPEQB cEF<>(SB), Y0, Y9
	VPCMPEQB cBC<>(SB), Y1, Y10
	VPAND    Y10, Y9, Y9
	VPADDB   cE6<>(SB), Y2, Y10
	VPCMPGTB Y15, Y10, Y10
	VPAND    Y10, Y9, Y9
	VPOR     Y9, Y8, Y8

	// 密 (E5 AF 86) or 内 (E5 86 85) with 86 at k.
	VMOVDQU  -1(SI)(AX*1), Y10 // text[j+k-1]
	VMOVDQU  -2(SI)(AX*1), Y11 // text[j+k-2]
	VPCMPEQB cAF<>(SB), Y10, Y12
	VPCMPEQB cE5<>(SB), Y11, Y13
	VPAND    Y13, Y12, Y12
	VPCMPEQB cE5<>(SB), Y10, Y13
	VPCMPEQB c85<>(SB), Y1, Y11
	VPAND    Y11, Y13, Y13
	VPOR     Y13, Y12, Y12
	VPCMPEQB c86<>(SB), Y0, Y13
	VPAND    Y13, Y12, Y12
	VPOR     Y12, Y8, Y8
	VPMOVMSKB Y8, R10

	// Runs of 11 digits: with W the three-digit bits of the 32 bytes
	// before (low half) and of these (high half), bit q of
	// W & W<<3 & W<<6 & W<<8 says text[q-8:q+3] (offsets in W) are digits.
	MOVQ R9, R11
	SHLQ $32, R11
	ORQ  R8, R11
	MOVQ R11, R12
	SHLQ $3, R12
	ANDQ R11, R12
	MOVQ R11, R13
	SHLQ $6, R13
	ANDQ R13, R12
	SHLQ $8, R11
	ANDQ R11, R12
	SHRQ $32, R12
	ORL  R12, R10
	MOVQ R9, R8

	TESTL R10, R10
	JNZ   found
	ADDQ  $32, AX
	JMP   loop

found:
	MOVQ AX, j+32(FP)
	MOVL R10, flags+40(FP)
	VZEROUPPER
	RET

end:
	MOVQ AX, j+32(FP)
	MOVL $0, flags+40(FP)
	VZEROUPPER
	RET

// func cpuHasAVX2() bool
TEXT ·cpuHasAVX2(SB), NOSPLIT, $0-1
	MOVL $0, AX
	CPUID
	CMPL AX, $7
	JLT  no
	MOVL $1, AX
	XORL CX, CX
	CPUID
	// OSXSAVE (bit 27) and AVX (bit 28).
	ANDL $0x18000000, CX
	CMPL CX, $0x18000000
	JNE  no
	// The system saves the XMM and YMM registers.
	XORL CX, CX
	XGETBV
	ANDL $6, AX
	CMPL AX, $6
	JNE  no
	MOVL $7, AX
	XORL CX, CX
	CPUID
	BTL  $5, BX
	JCC  no
	MOVB $1, ret+0(FP)
	RET

no:
	MOVB $0, ret+0(FP)
	RET
