;; GELU in one pass over the tfjs wasm backend's heap, f32x4 SIMD, eight values per step.
;;
;;   y = x · sigmoid(t),  t = c · S(c²),  c = clamp(x, −6, 6)
;;
;; the same function as the tfjs-op form in ../gelu.ts (S: the degree-6 polynomial fitted by
;; scripts/fixtures/fit_gelu.py). sigmoid(t) = 1 / (1 + exp(−t)) with exp(−t) = 2^w, w = −log2(e)·t: the factor
;; −log2(e) is folded into S's coefficients (L = −log2(e)·S, rounded to float32), so w = c·L(c²). Range
;; reduction: w = k + f, k the nearest integer, |f| ≤ 1/2; 2^f by a degree-5 polynomial P fitted by weighted
;; least squares at Chebyshev nodes (relative error 1.0e-7 in exact arithmetic); k is added into the exponent
;; bits. |t| ≤ 23.7 on |c| ≤ 6, so 2^w stays in the normal float32 range and k needs no clamp.
;;
;; Written for speed on x86 and ARM: pmin/pmax (one instruction each, where min/max cost several; a NaN x still
;; gives NaN), k by adding M = 1.5·2^23 (rounds w to an integer in kf's low mantissa bits; kf − M is exact,
;; and kf's bits shifted left by 23 are k in the exponent field) instead of nearest + trunc_sat, both
;; polynomials in Estrin's form (shorter dependency chains than Horner's), two independent vectors per step, and
;; the constants in locals set before the loop (Chromium's V8 rebuilds a v128.const at each use inside a loop:
;; GELU ran at half speed there without this).
;;
;; Exported: gelu(src, dst, n, scratch): n float32 values at byte offset src → dst (the two may be equal). The
;; last n mod 8 values are copied one by one into the caller's 32-byte scratch block, done there, and copied
;; back, so nothing outside [src, src+4n), [dst, dst+4n) and the scratch block is touched.
;;
;; The heap is imported. tfjs-backend-wasm's threaded build uses a shared memory with maximum 65536 pages; its
;; other builds export a non-shared memory with the same maximum. This file declares the shared form; the
;; non-shared variant is the same bytes with the limits flag 0x03 (shared, has max) turned into 0x01 (has max),
;; see geluKernel.ts. Regenerate the bytes with `npm run gelu-wasm` (needs wabt's wat2wasm).
;;
;; Constants: L0…L6 = −log2(e)·S0…S6; P1…P5 (P0 = 1); M = 12582912.
(module
  (import "env" "memory" (memory 0 65536 shared))

  ;; blocks × 8 values, src → dst: the hot loop, no branch but its own
  (func $blocks (param $src i32) (param $dst i32) (param $blocks i32)
    ;; per vector: x (input, then output), c, u = c², v = u², a (S), w, k (w + M), f, g = f², e (2^w)
    (local $x0 v128) (local $c0 v128) (local $u0 v128) (local $v0 v128) (local $a0 v128) (local $w0 v128)
    (local $k0 v128) (local $f0 v128) (local $g0 v128) (local $e0 v128)
    (local $x1 v128) (local $c1 v128) (local $u1 v128) (local $v1 v128) (local $a1 v128) (local $w1 v128)
    (local $k1 v128) (local $f1 v128) (local $g1 v128) (local $e1 v128)
    ;; the constants, in locals: set once per call rather than rebuilt in every step (V8 does not hoist them)
    (local $six v128) (local $msix v128) (local $l0 v128) (local $l1 v128) (local $l2 v128) (local $l3 v128) (local $l4 v128) (local $l5 v128) (local $l6 v128)
    (local $p1 v128) (local $p2 v128) (local $p3 v128) (local $p4 v128) (local $p5 v128) (local $m v128) (local $one v128)
    (if (i32.le_s (local.get $blocks) (i32.const 0)) (then (return)))
    (local.set $six (v128.const f32x4 6 6 6 6))
    (local.set $msix (v128.const f32x4 -6 -6 -6 -6))
    (local.set $l0 (v128.const f32x4 -2.3022077083587646 -2.3022077083587646 -2.3022077083587646 -2.3022077083587646))
    (local.set $l1 (v128.const f32x4 -0.10483865439891815 -0.10483865439891815 -0.10483865439891815 -0.10483865439891815))
    (local.set $l2 (v128.const f32x4 9.6188930911012e-05 9.6188930911012e-05 9.6188930911012e-05 9.6188930911012e-05))
    (local.set $l3 (v128.const f32x4 0.00015910474758129567 0.00015910474758129567 0.00015910474758129567 0.00015910474758129567))
    (local.set $l4 (v128.const f32x4 -1.1396442459954415e-05 -1.1396442459954415e-05 -1.1396442459954415e-05 -1.1396442459954415e-05))
    (local.set $l5 (v128.const f32x4 3.801080197263218e-07 3.801080197263218e-07 3.801080197263218e-07 3.801080197263218e-07))
    (local.set $l6 (v128.const f32x4 -5.051885576534687e-09 -5.051885576534687e-09 -5.051885576534687e-09 -5.051885576534687e-09))
    (local.set $p1 (v128.const f32x4 0.6931468844413757 0.6931468844413757 0.6931468844413757 0.6931468844413757))
    (local.set $p2 (v128.const f32x4 0.24022237956523895 0.24022237956523895 0.24022237956523895 0.24022237956523895))
    (local.set $p3 (v128.const f32x4 0.05550893023610115 0.05550893023610115 0.05550893023610115 0.05550893023610115))
    (local.set $p4 (v128.const f32x4 0.009671698324382305 0.009671698324382305 0.009671698324382305 0.009671698324382305))
    (local.set $p5 (v128.const f32x4 0.0013218672247603536 0.0013218672247603536 0.0013218672247603536 0.0013218672247603536))
    (local.set $m (v128.const f32x4 12582912 12582912 12582912 12582912))
    (local.set $one (v128.const f32x4 1 1 1 1))
    (loop $step
      (local.set $x0 (v128.load align=4 (local.get $src)))
      (local.set $x1 (v128.load offset=16 align=4 (local.get $src)))

      ;; c = clamp(x, −6, 6); u = c², v = u²
      ;; w = c·L(u), L(u) = (L0 + L1·u) + v·((L2 + L3·u) + v·((L4 + L5·u) + v·L6))
      ;; k = w + M; f = w − (k − M); g = f²
      ;; 2^f = (1 + P1·f) + g·((P2 + P3·f) + g·(P4 + P5·f)), times 2^k: + (bits of k) << 23
      ;; y = x / (1 + 2^w)
      (local.set $c0 (f32x4.pmax (f32x4.pmin (local.get $x0) (local.get $six)) (local.get $msix)))
      (local.set $u0 (f32x4.mul (local.get $c0) (local.get $c0)))
      (local.set $v0 (f32x4.mul (local.get $u0) (local.get $u0)))
      (local.set $a0 (f32x4.add (f32x4.mul (local.get $v0) (local.get $l6)) (f32x4.add (f32x4.mul (local.get $u0) (local.get $l5)) (local.get $l4))))
      (local.set $a0 (f32x4.add (f32x4.mul (local.get $v0) (local.get $a0)) (f32x4.add (f32x4.mul (local.get $u0) (local.get $l3)) (local.get $l2))))
      (local.set $a0 (f32x4.add (f32x4.mul (local.get $v0) (local.get $a0)) (f32x4.add (f32x4.mul (local.get $u0) (local.get $l1)) (local.get $l0))))
      (local.set $w0 (f32x4.mul (local.get $a0) (local.get $c0)))
      (local.set $k0 (f32x4.add (local.get $w0) (local.get $m)))
      (local.set $f0 (f32x4.sub (local.get $w0) (f32x4.sub (local.get $k0) (local.get $m))))
      (local.set $g0 (f32x4.mul (local.get $f0) (local.get $f0)))
      (local.set $e0 (f32x4.add (f32x4.mul (local.get $g0) (f32x4.add (f32x4.mul (local.get $f0) (local.get $p5)) (local.get $p4))) (f32x4.add (f32x4.mul (local.get $f0) (local.get $p3)) (local.get $p2))))
      (local.set $e0 (f32x4.add (f32x4.mul (local.get $g0) (local.get $e0)) (f32x4.add (f32x4.mul (local.get $f0) (local.get $p1)) (local.get $one))))
      (local.set $e0 (i32x4.add (local.get $e0) (i32x4.shl (local.get $k0) (i32.const 23))))
      (local.set $x0 (f32x4.div (local.get $x0) (f32x4.add (local.get $one) (local.get $e0))))

      (local.set $c1 (f32x4.pmax (f32x4.pmin (local.get $x1) (local.get $six)) (local.get $msix)))
      (local.set $u1 (f32x4.mul (local.get $c1) (local.get $c1)))
      (local.set $v1 (f32x4.mul (local.get $u1) (local.get $u1)))
      (local.set $a1 (f32x4.add (f32x4.mul (local.get $v1) (local.get $l6)) (f32x4.add (f32x4.mul (local.get $u1) (local.get $l5)) (local.get $l4))))
      (local.set $a1 (f32x4.add (f32x4.mul (local.get $v1) (local.get $a1)) (f32x4.add (f32x4.mul (local.get $u1) (local.get $l3)) (local.get $l2))))
      (local.set $a1 (f32x4.add (f32x4.mul (local.get $v1) (local.get $a1)) (f32x4.add (f32x4.mul (local.get $u1) (local.get $l1)) (local.get $l0))))
      (local.set $w1 (f32x4.mul (local.get $a1) (local.get $c1)))
      (local.set $k1 (f32x4.add (local.get $w1) (local.get $m)))
      (local.set $f1 (f32x4.sub (local.get $w1) (f32x4.sub (local.get $k1) (local.get $m))))
      (local.set $g1 (f32x4.mul (local.get $f1) (local.get $f1)))
      (local.set $e1 (f32x4.add (f32x4.mul (local.get $g1) (f32x4.add (f32x4.mul (local.get $f1) (local.get $p5)) (local.get $p4))) (f32x4.add (f32x4.mul (local.get $f1) (local.get $p3)) (local.get $p2))))
      (local.set $e1 (f32x4.add (f32x4.mul (local.get $g1) (local.get $e1)) (f32x4.add (f32x4.mul (local.get $f1) (local.get $p1)) (local.get $one))))
      (local.set $e1 (i32x4.add (local.get $e1) (i32x4.shl (local.get $k1) (i32.const 23))))
      (local.set $x1 (f32x4.div (local.get $x1) (f32x4.add (local.get $one) (local.get $e1))))

      (v128.store align=4 (local.get $dst) (local.get $x0))
      (v128.store offset=16 align=4 (local.get $dst) (local.get $x1))
      (local.set $src (i32.add (local.get $src) (i32.const 32)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
      (local.set $blocks (i32.sub (local.get $blocks) (i32.const 1)))
      (br_if $step (i32.gt_s (local.get $blocks) (i32.const 0)))))

  ;; copy m float32 values, one by one
  (func $copy (param $from i32) (param $to i32) (param $m i32)
    (block $done
      (loop $next
        (br_if $done (i32.le_s (local.get $m) (i32.const 0)))
        (f32.store (local.get $to) (f32.load (local.get $from)))
        (local.set $from (i32.add (local.get $from) (i32.const 4)))
        (local.set $to (i32.add (local.get $to) (i32.const 4)))
        (local.set $m (i32.sub (local.get $m) (i32.const 1)))
        (br $next))))

  ;; the last n mod 8 values go through an 8-value scratch block (32 bytes the caller owns, 16-aligned)
  (func (export "gelu") (param $src i32) (param $dst i32) (param $n i32) (param $scratch i32)
    (local $done i32) (local $rest i32)
    (if (i32.le_s (local.get $n) (i32.const 0)) (then (return)))
    (call $blocks (local.get $src) (local.get $dst) (i32.shr_u (local.get $n) (i32.const 3)))
    (local.set $done (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2)))
    (local.set $rest (i32.and (local.get $n) (i32.const 7)))
    (if (i32.gt_s (local.get $rest) (i32.const 0))
      (then
        (v128.store (local.get $scratch) (v128.const i32x4 0 0 0 0))
        (v128.store offset=16 (local.get $scratch) (v128.const i32x4 0 0 0 0))
        (call $copy (i32.add (local.get $src) (local.get $done)) (local.get $scratch) (local.get $rest))
        (call $blocks (local.get $scratch) (local.get $scratch) (i32.const 1))
        (call $copy (local.get $scratch) (i32.add (local.get $dst) (local.get $done)) (local.get $rest))))))
