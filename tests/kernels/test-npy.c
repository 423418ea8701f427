/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-npy.c — the .npy header parser on what numpy writes and on headers
 * a substring search would have accepted (#18 item 15). */
#include "npy-header.h"

#include <glib.h>
#include <string.h>

static void
test_numpy_headers (void)
{
  static const struct { const char *text; int ndim; long dims[3]; } good[] = {
    { "{'descr': '<f4', 'fortran_order': False, 'shape': (64, 16), }          \n", 2, { 64, 16 } },
    { "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4)}", 3, { 2, 3, 4 } },
    { "{\"shape\": (7,), \"fortran_order\": False, \"descr\": \"<f4\"}", 1, { 7 } },
    { "{'descr': '<f4', 'fortran_order': False, 'shape': ()}", 0, { 0 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      AbNpyHeader h;
      char msg[128] = "";

      g_assert_cmpint (ab_npy_parse_header (good[i].text, &h, msg, sizeof msg), ==, 0);
      g_assert_cmpstr (h.descr, ==, "<f4");
      g_assert_cmpint (h.fortran_order, ==, 0);
      g_assert_cmpint (h.ndim, ==, good[i].ndim);
      for (int d = 0; d < h.ndim; d++)
        g_assert_cmpint (h.shape[d], ==, good[i].dims[d]);
    }
}

static void
test_hostile_headers (void)
{
  static const char *const cases[][2] = {
    { "{'descr': '<f4', 'fortran_order': Falsehood, 'shape': (64, 16)}", "True or False" },
    { "{'descr': '<f4', 'fortran_order': False, 'shape': (64 16)}", "expected “,” or “)” in shape" },
    /* The decoy sits inside a string; the real key says True. */
    { "{'descr': \"'fortran_order': False\", 'fortran_order': True, 'shape': (1,)}", "" },
    { "{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", "repeated key 'descr'" },
    { "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} trailing", "text after the closing" },
    { "{'descr': '<f4', 'fortran_order': False}", "no 'shape'" },
    { "{'descr': '<f4', 'fortran_order': False, 'shape': (-3,)}", "whole numbers" },
    { "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3, 4)}", "more than 3 dimensions" },
    { "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999,)}", "out of range" },
    { "['descr', '<f4']", "expected “{”" },
    { "{'descr': '<f4", "unterminated" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      AbNpyHeader h;
      char msg[128] = "";
      int rc = ab_npy_parse_header (cases[i][0], &h, msg, sizeof msg);

      if (cases[i][1][0] == '\0')
        {
          /* Parsed as the dict it is: the descr is the decoy string, the order True. */
          g_assert_cmpint (rc, ==, 0);
          g_assert_cmpint (h.fortran_order, ==, 1);
          g_assert_cmpstr (h.descr, !=, "<f4");
          continue;
        }
      g_test_message ("%s → %s", cases[i][0], msg);
      g_assert_cmpint (rc, ==, -1);
      g_assert_true (g_str_has_prefix (msg, "malformed header: "));
      g_assert_nonnull (strstr (msg, cases[i][1]));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/npy/numpy-headers", test_numpy_headers);
  g_test_add_func ("/npy/hostile-headers", test_hostile_headers);
  return g_test_run ();
}
