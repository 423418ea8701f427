/* SPDX-License-Identifier: GPL-3.0-or-later */
/* posenc.h — sinusoidal positional encodings (Vaswani et al., arXiv:1706.03762, §3.5)
 *
 * Self-attention is permutation-invariant: shuffle the tokens and every output
 * is shuffled the same way. The Transformer breaks the symmetry by adding to
 * each token embedding a vector that depends only on its position:
 *     PE(pos, 2i)   = sin(pos / 10000^{2i/d})
 *     PE(pos, 2i+1) = cos(pos / 10000^{2i/d})
 * Each pair (2i, 2i+1) is a point on a circle turning at angular frequency
 * ω_i = 10000^{−2i/d}; wavelengths run from 2π to 10000·2π.
 *
 * Because sin·sin + cos·cos = cos of the difference, the dot product of two
 * encodings depends only on their offset k:
 *     PE(p) · PE(p + k) = Σ_i cos(k ω_i),
 * which is d/2 at k = 0 and smaller (on average) for larger |k|. The kernel
 * computes it directly from the vectors so the tests can check the identity.
 *
 * Pure C11, no GLib. d must be even and ≥ 2.
 */
#pragma once

/* ω_i = 10000^{−2i/d} for pair i (0 ≤ i < d/2). */
double ab_posenc_frequency (int d, int i);
/* One component PE(pos, dim). */
double ab_posenc_value     (int d, double pos, int dim);
/* out[pos·d + dim] for pos in [0, n_pos): an n_pos × d table. */
void   ab_posenc_table     (int d, int n_pos, double *out);
/* PE(p) · PE(q), summed component by component. */
double ab_posenc_dot       (int d, double p, double q);
/* The closed form Σ_i cos(k ω_i), for the tests and the diagram's axis. */
double ab_posenc_dot_offset_closed (int d, double k);
