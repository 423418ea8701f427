/* SPDX-License-Identifier: GPL-3.0-or-later */
/* qkv.h — a four-token Q/K/V walkthrough small enough to check by hand
 *
 * The scaled dot-product attention of Vaswani et al. (arXiv:1706.03762, §3.2.1)
 * on a toy input: four token embeddings X (4 × d_model, d_model = 4) and three
 * projections W_Q, W_K (d_model × d_k) and W_V (d_model × d_v), d_k = d_v = 3.
 * All inputs are hand-chosen small integers (see qkv.c), so every entry of
 *   Q = X W_Q,  K = X W_K,  V = X W_V,
 *   S = Q Kᵀ / √d_k,  P = softmax(S) row by row,  O = P V
 * can be verified with pencil and paper. Double precision throughout.
 * The same scores under a causal mask (a decoder's masked self-attention,
 * §3.2.3: scores with j > i set to −∞ before the softmax) are in p_causal.
 *
 * Pure C11, no GLib.
 */
#pragma once

#define AB_QKV_N       4   /* tokens */
#define AB_QKV_D_MODEL 4
#define AB_QKV_D_K     3
#define AB_QKV_D_V     3

typedef enum
{
  AB_QKV_X,
  AB_QKV_WQ,
  AB_QKV_WK,
  AB_QKV_WV,
  AB_QKV_Q,
  AB_QKV_K,
  AB_QKV_V,
  AB_QKV_S,
  AB_QKV_P,
  AB_QKV_O,
  AB_QKV_N_MATRICES
} AbQkvMatrix;

typedef struct
{
  const char *tokens[AB_QKV_N];
  double x[AB_QKV_N][AB_QKV_D_MODEL];
  double wq[AB_QKV_D_MODEL][AB_QKV_D_K];
  double wk[AB_QKV_D_MODEL][AB_QKV_D_K];
  double wv[AB_QKV_D_MODEL][AB_QKV_D_V];
  double q[AB_QKV_N][AB_QKV_D_K];
  double k[AB_QKV_N][AB_QKV_D_K];
  double v[AB_QKV_N][AB_QKV_D_V];
  double s[AB_QKV_N][AB_QKV_N];      /* scaled scores QKᵀ/√d_k */
  double raw[AB_QKV_N][AB_QKV_N];    /* unscaled QKᵀ, for the gloss */
  double p[AB_QKV_N][AB_QKV_N];      /* row-wise softmax of s */
  double o[AB_QKV_N][AB_QKV_D_V];    /* P V */
  double p_causal[AB_QKV_N][AB_QKV_N];  /* softmax over j ≤ i only; 0 for j > i */
} AbQkvExample;

/* Fill @ex with the book's example and compute every product. */
void        ab_qkv_run (AbQkvExample *ex);

/* Generic access for drawing and value keys. */
const char *ab_qkv_matrix_name (AbQkvMatrix m);     /* "X", "WQ", …, "O" */
int         ab_qkv_matrix_from_name (const char *name); /* −1 if unknown */
void        ab_qkv_matrix_shape (AbQkvMatrix m, int *rows, int *cols);
double      ab_qkv_get (const AbQkvExample *ex, AbQkvMatrix m, int row, int col);
