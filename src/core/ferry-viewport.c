/* ferry-viewport.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-viewport"

#include "config.h"

#include "ferry-viewport.h"

/* Margin around the world, in view units, so that the outermost cards
 * never touch the edges. */
#define MARGIN 24.0

void
ferry_viewport_init (FerryViewport *self)
{
  g_return_if_fail (self != NULL);

  *self = (FerryViewport) { .zoom = 1.0 };
}

/* Keeps the world in view: scrolling stops at its edges (plus a margin),
 * and a world smaller than the view is centred. */
static void
clamp (FerryViewport *self)
{
  gdouble view_w = self->width / self->zoom;
  gdouble view_h = self->height / self->zoom;
  gdouble margin = MARGIN / self->zoom;
  gdouble min_x = self->world_x - margin;
  gdouble max_x = self->world_x + self->world_width + margin - view_w;
  gdouble min_y = self->world_y - margin;
  gdouble max_y = self->world_y + self->world_height + margin - view_h;

  if (max_x < min_x)
    self->x = (min_x + max_x) / 2;
  else
    self->x = CLAMP (self->x, min_x, max_x);

  if (max_y < min_y)
    self->y = (min_y + max_y) / 2;
  else
    self->y = CLAMP (self->y, min_y, max_y);
}

void
ferry_viewport_set_world (FerryViewport *self,
                          gdouble        x,
                          gdouble        y,
                          gdouble        width,
                          gdouble        height)
{
  g_return_if_fail (self != NULL);

  self->world_x = x;
  self->world_y = y;
  self->world_width = MAX (width, 0);
  self->world_height = MAX (height, 0);
  clamp (self);
}

void
ferry_viewport_set_size (FerryViewport *self,
                         gdouble        width,
                         gdouble        height)
{
  g_return_if_fail (self != NULL);

  self->width = MAX (width, 1);
  self->height = MAX (height, 1);
  clamp (self);
}

void
ferry_viewport_to_view (const FerryViewport *self,
                        gdouble              world_x,
                        gdouble              world_y,
                        gdouble             *view_x,
                        gdouble             *view_y)
{
  *view_x = (world_x - self->x) * self->zoom;
  *view_y = (world_y - self->y) * self->zoom;
}

void
ferry_viewport_to_world (const FerryViewport *self,
                         gdouble              view_x,
                         gdouble              view_y,
                         gdouble             *world_x,
                         gdouble             *world_y)
{
  *world_x = self->x + view_x / self->zoom;
  *world_y = self->y + view_y / self->zoom;
}

/**
 * ferry_viewport_get_fit_zoom:
 * @self: a #FerryViewport
 *
 * Returns: the zoom at which the whole world fits the view, at most 1
 */
gdouble
ferry_viewport_get_fit_zoom (const FerryViewport *self)
{
  gdouble zx, zy;

  if (self->world_width <= 0 || self->world_height <= 0)
    return 1.0;

  zx = (self->width - 2 * MARGIN) / self->world_width;
  zy = (self->height - 2 * MARGIN) / self->world_height;

  return CLAMP (MIN (MIN (zx, zy), 1.0), FERRY_VIEWPORT_MIN_ZOOM, FERRY_VIEWPORT_MAX_ZOOM);
}

/**
 * ferry_viewport_zoom_at:
 * @self: a #FerryViewport
 * @factor: how much to zoom in (> 1) or out (< 1)
 * @view_x: the view point that stays put, e.g. under the pointer
 * @view_y: its vertical coordinate
 *
 * Zooms, clamped to [%FERRY_VIEWPORT_MIN_ZOOM, %FERRY_VIEWPORT_MAX_ZOOM]
 * (and never further out than fitting the world), keeping the world point
 * under (@view_x, @view_y) where it is.
 */
void
ferry_viewport_zoom_at (FerryViewport *self,
                        gdouble        factor,
                        gdouble        view_x,
                        gdouble        view_y)
{
  gdouble wx, wy;
  gdouble min_zoom;

  g_return_if_fail (self != NULL);
  g_return_if_fail (factor > 0);

  min_zoom = MIN (ferry_viewport_get_fit_zoom (self), 1.0);
  min_zoom = MAX (min_zoom, FERRY_VIEWPORT_MIN_ZOOM);

  ferry_viewport_to_world (self, view_x, view_y, &wx, &wy);
  self->zoom = CLAMP (self->zoom * factor, min_zoom, FERRY_VIEWPORT_MAX_ZOOM);
  self->x = wx - view_x / self->zoom;
  self->y = wy - view_y / self->zoom;
  clamp (self);
}

void
ferry_viewport_fit (FerryViewport *self)
{
  g_return_if_fail (self != NULL);

  self->zoom = ferry_viewport_get_fit_zoom (self);
  self->x = self->world_x;
  self->y = self->world_y;
  clamp (self);
}

void
ferry_viewport_scroll_to (FerryViewport *self,
                          gdouble        x,
                          gdouble        y)
{
  g_return_if_fail (self != NULL);

  self->x = x;
  self->y = y;
  clamp (self);
}

/**
 * ferry_viewport_center_on:
 * @self: a #FerryViewport
 * @world_x: a world rectangle's left edge
 * @world_y: its top edge
 * @world_width: its width
 * @world_height: its height
 *
 * Scrolls so that the rectangle is in the middle of the view, without
 * changing the zoom.
 */
void
ferry_viewport_center_on (FerryViewport *self,
                          gdouble        world_x,
                          gdouble        world_y,
                          gdouble        world_width,
                          gdouble        world_height)
{
  g_return_if_fail (self != NULL);

  self->x = world_x + world_width / 2 - self->width / self->zoom / 2;
  self->y = world_y + world_height / 2 - self->height / self->zoom / 2;
  clamp (self);
}

/**
 * ferry_viewport_get_visible:
 * @self: a #FerryViewport
 * @x: (out): left edge of the world rectangle in view
 * @y: (out): its top edge
 * @width: (out): its width
 * @height: (out): its height
 */
void
ferry_viewport_get_visible (const FerryViewport *self,
                            gdouble             *x,
                            gdouble             *y,
                            gdouble             *width,
                            gdouble             *height)
{
  *x = self->x;
  *y = self->y;
  *width = self->width / self->zoom;
  *height = self->height / self->zoom;
}

/**
 * ferry_viewport_get_detail:
 * @self: a #FerryViewport
 *
 * Semantic zoom: how much of a card can be read at this zoom.
 *
 * Returns: the level of detail to draw
 */
FerryDetail
ferry_viewport_get_detail (const FerryViewport *self)
{
  if (self->zoom < 0.22)
    return FERRY_DETAIL_MAP;
  if (self->zoom < 0.55)
    return FERRY_DETAIL_COMPACT;
  return FERRY_DETAIL_FULL;
}
