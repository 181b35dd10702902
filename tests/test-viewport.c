/* test-viewport.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-viewport.h"

static void
test_round_trip (void)
{
  FerryViewport vp;
  gdouble vx, vy, wx, wy;

  ferry_viewport_init (&vp);
  ferry_viewport_set_size (&vp, 800, 600);
  ferry_viewport_set_world (&vp, 0, 0, 5000, 3000);
  ferry_viewport_scroll_to (&vp, 1000, 500);
  vp.zoom = 0.5;

  ferry_viewport_to_view (&vp, 1200, 700, &vx, &vy);
  g_assert_cmpfloat_with_epsilon (vx, 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (vy, 100, 1e-9);
  ferry_viewport_to_world (&vp, vx, vy, &wx, &wy);
  g_assert_cmpfloat_with_epsilon (wx, 1200, 1e-9);
  g_assert_cmpfloat_with_epsilon (wy, 700, 1e-9);
}

static void
test_zoom_keeps_point (void)
{
  FerryViewport vp;
  gdouble before_x, before_y, after_x, after_y;

  ferry_viewport_init (&vp);
  ferry_viewport_set_size (&vp, 800, 600);
  ferry_viewport_set_world (&vp, 0, 0, 5000, 3000);
  ferry_viewport_scroll_to (&vp, 1000, 1000);

  /* The world point under the pointer stays under it. */
  ferry_viewport_to_world (&vp, 300, 200, &before_x, &before_y);
  ferry_viewport_zoom_at (&vp, 1.5, 300, 200);
  ferry_viewport_to_world (&vp, 300, 200, &after_x, &after_y);
  g_assert_cmpfloat_with_epsilon (vp.zoom, 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (before_x, after_x, 1e-6);
  g_assert_cmpfloat_with_epsilon (before_y, after_y, 1e-6);
}

static void
test_zoom_clamped (void)
{
  FerryViewport vp;

  ferry_viewport_init (&vp);
  ferry_viewport_set_size (&vp, 800, 600);
  ferry_viewport_set_world (&vp, 0, 0, 100000, 60000);

  ferry_viewport_zoom_at (&vp, 1000, 0, 0);
  g_assert_cmpfloat (vp.zoom, ==, FERRY_VIEWPORT_MAX_ZOOM);

  /* Never further out than fitting the world. */
  ferry_viewport_zoom_at (&vp, 1e-9, 0, 0);
  g_assert_cmpfloat_with_epsilon (vp.zoom, ferry_viewport_get_fit_zoom (&vp), 1e-12);
  g_assert_cmpfloat (vp.zoom, >=, FERRY_VIEWPORT_MIN_ZOOM);
  g_assert_cmpint (ferry_viewport_get_detail (&vp), ==, FERRY_DETAIL_MAP);
}

static void
test_fit (void)
{
  FerryViewport vp;
  gdouble x, y, w, h;

  ferry_viewport_init (&vp);
  ferry_viewport_set_size (&vp, 1000, 500);
  ferry_viewport_set_world (&vp, 0, 0, 4000, 1000);
  ferry_viewport_fit (&vp);

  /* Fits the width, with the margin, and the whole world is visible. */
  g_assert_cmpfloat_with_epsilon (vp.zoom, (1000 - 48) / 4000.0, 1e-9);
  ferry_viewport_get_visible (&vp, &x, &y, &w, &h);
  g_assert_cmpfloat (x, <=, 0);
  g_assert_cmpfloat (y, <=, 0);
  g_assert_cmpfloat (x + w, >=, 4000);
  g_assert_cmpfloat (y + h, >=, 1000);

  /* A small world is not blown up past 100 %, and is centred. */
  ferry_viewport_set_world (&vp, 0, 0, 200, 100);
  ferry_viewport_fit (&vp);
  g_assert_cmpfloat (vp.zoom, ==, 1.0);
  g_assert_cmpfloat_with_epsilon (vp.x, 100 - 500, 1e-9);
  g_assert_cmpint (ferry_viewport_get_detail (&vp), ==, FERRY_DETAIL_FULL);
}

static void
test_scroll_clamped (void)
{
  FerryViewport vp;

  ferry_viewport_init (&vp);
  ferry_viewport_set_size (&vp, 800, 600);
  ferry_viewport_set_world (&vp, 0, 0, 5000, 3000);

  ferry_viewport_scroll_to (&vp, -10000, -10000);
  g_assert_cmpfloat (vp.x, ==, -24);
  g_assert_cmpfloat (vp.y, ==, -24);

  ferry_viewport_scroll_to (&vp, 1e9, 1e9);
  g_assert_cmpfloat (vp.x, ==, 5000 + 24 - 800);
  g_assert_cmpfloat (vp.y, ==, 3000 + 24 - 600);

  ferry_viewport_center_on (&vp, 2000, 1000, 200, 100);
  g_assert_cmpfloat (vp.x, ==, 2100 - 400);
  g_assert_cmpfloat (vp.y, ==, 1050 - 300);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ferry/viewport/round-trip", test_round_trip);
  g_test_add_func ("/ferry/viewport/zoom-keeps-point", test_zoom_keeps_point);
  g_test_add_func ("/ferry/viewport/zoom-clamped", test_zoom_clamped);
  g_test_add_func ("/ferry/viewport/fit", test_fit);
  g_test_add_func ("/ferry/viewport/scroll-clamped", test_scroll_clamped);

  return g_test_run ();
}
