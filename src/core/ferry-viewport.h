/* ferry-viewport.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* World ↔ view geometry of a zoomable canvas, outside any widget so that
 * it can be tested on its own. The view shows the world scaled by @zoom,
 * with the world point (@x, @y) at the view's top-left corner. */

#define FERRY_VIEWPORT_MIN_ZOOM 0.02
#define FERRY_VIEWPORT_MAX_ZOOM 4.0

typedef struct
{
  gdouble x;            /* world point at the view's left edge */
  gdouble y;            /* world point at the view's top edge */
  gdouble zoom;         /* view units per world unit */
  gdouble width;        /* view size */
  gdouble height;
  gdouble world_x;      /* the world's bounds */
  gdouble world_y;
  gdouble world_width;
  gdouble world_height;
} FerryViewport;

typedef enum
{
  FERRY_DETAIL_MAP,     /* coloured cells only: the whole estate */
  FERRY_DETAIL_COMPACT, /* name and a cell per environment */
  FERRY_DETAIL_FULL,    /* everything on the card */
} FerryDetail;

void        ferry_viewport_init          (FerryViewport *self);
void        ferry_viewport_set_world     (FerryViewport *self,
                                          gdouble        x,
                                          gdouble        y,
                                          gdouble        width,
                                          gdouble        height);
void        ferry_viewport_set_size      (FerryViewport *self,
                                          gdouble        width,
                                          gdouble        height);
void        ferry_viewport_to_view       (const FerryViewport *self,
                                          gdouble        world_x,
                                          gdouble        world_y,
                                          gdouble       *view_x,
                                          gdouble       *view_y);
void        ferry_viewport_to_world      (const FerryViewport *self,
                                          gdouble        view_x,
                                          gdouble        view_y,
                                          gdouble       *world_x,
                                          gdouble       *world_y);
void        ferry_viewport_zoom_at       (FerryViewport *self,
                                          gdouble        factor,
                                          gdouble        view_x,
                                          gdouble        view_y);
void        ferry_viewport_fit           (FerryViewport *self);
gdouble     ferry_viewport_get_fit_zoom  (const FerryViewport *self);
void        ferry_viewport_scroll_to     (FerryViewport *self,
                                          gdouble        x,
                                          gdouble        y);
void        ferry_viewport_center_on     (FerryViewport *self,
                                          gdouble        world_x,
                                          gdouble        world_y,
                                          gdouble        world_width,
                                          gdouble        world_height);
void        ferry_viewport_get_visible   (const FerryViewport *self,
                                          gdouble       *x,
                                          gdouble       *y,
                                          gdouble       *width,
                                          gdouble       *height);
FerryDetail ferry_viewport_get_detail    (const FerryViewport *self);

G_END_DECLS
