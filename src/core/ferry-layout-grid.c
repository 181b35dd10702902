/* ferry-layout-grid.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-layout"

#include "config.h"

#include <stdlib.h>

#include "ferry-layout-private.h"

/* Buckets of rectangles on a uniform grid over the layout: a query only
 * looks at the cells it overlaps, so culling the visible part of a large
 * layout costs what is visible, not what exists. */

#define MAX_CELLS_PER_SIDE 1024

struct _FerryLayoutGrid
{
  FerryLayoutRect *rects;
  guint           *ids;
  guint           *cell_first;  /* entries of cell c: entries[cell_first[c] .. cell_first[c + 1]] */
  guint           *entries;     /* rectangle indices */
  gdouble          x0;
  gdouble          y0;
  gdouble          cell_width;
  gdouble          cell_height;
  guint            cols;
  guint            rows;
  guint            n_rects;
};

static guint
cell_index (gdouble value,
            gdouble origin,
            gdouble size,
            guint   count)
{
  gdouble k = floor ((value - origin) / size);

  if (!(k >= 0))
    return 0;
  if (k >= count)
    return count - 1;
  return (guint)k;
}

static void
cell_range (FerryLayoutGrid       *grid,
            const FerryLayoutRect *rect,
            guint                 *cx0,
            guint                 *cy0,
            guint                 *cx1,
            guint                 *cy1)
{
  *cx0 = cell_index (rect->x, grid->x0, grid->cell_width, grid->cols);
  *cx1 = cell_index (rect->x + rect->width, grid->x0, grid->cell_width, grid->cols);
  *cy0 = cell_index (rect->y, grid->y0, grid->cell_height, grid->rows);
  *cy1 = cell_index (rect->y + rect->height, grid->y0, grid->cell_height, grid->rows);
}

/* ids: (nullable): the id of each rectangle; by default its index */
FerryLayoutGrid *
ferry_layout_grid_new (const FerryLayoutRect *bounds,
                       const FerryLayoutRect *rects,
                       const guint           *ids,
                       guint                  n_rects)
{
  FerryLayoutGrid *grid = g_new0 (FerryLayoutGrid, 1);
  gdouble width = MAX (bounds->width, 1);
  gdouble height = MAX (bounds->height, 1);
  g_autofree guint *fill = NULL;
  guint n_cells;

  grid->n_rects = n_rects;
  grid->rects = g_memdup2 (rects, sizeof (FerryLayoutRect) * MAX (n_rects, 1));
  grid->ids = g_new (guint, MAX (n_rects, 1));
  for (guint i = 0; i < n_rects; i++)
    grid->ids[i] = ids != NULL ? ids[i] : i;

  /* About one rectangle per cell, cells shaped like the layout. */
  grid->cols = CLAMP ((guint)ceil (sqrt (n_rects * width / height)), 1, MAX_CELLS_PER_SIDE);
  grid->rows = CLAMP ((guint)ceil ((gdouble)n_rects / grid->cols), 1, MAX_CELLS_PER_SIDE);
  grid->x0 = bounds->x;
  grid->y0 = bounds->y;
  grid->cell_width = width / grid->cols;
  grid->cell_height = height / grid->rows;
  n_cells = grid->cols * grid->rows;

  grid->cell_first = g_new0 (guint, n_cells + 1);
  for (guint i = 0; i < n_rects; i++)
    {
      guint cx0, cy0, cx1, cy1;

      cell_range (grid, &rects[i], &cx0, &cy0, &cx1, &cy1);
      for (guint cy = cy0; cy <= cy1; cy++)
        for (guint cx = cx0; cx <= cx1; cx++)
          grid->cell_first[cy * grid->cols + cx + 1]++;
    }
  for (guint c = 0; c < n_cells; c++)
    grid->cell_first[c + 1] += grid->cell_first[c];

  grid->entries = g_new (guint, MAX (grid->cell_first[n_cells], 1));
  fill = g_memdup2 (grid->cell_first, sizeof (guint) * n_cells);
  for (guint i = 0; i < n_rects; i++)
    {
      guint cx0, cy0, cx1, cy1;

      cell_range (grid, &rects[i], &cx0, &cy0, &cx1, &cy1);
      for (guint cy = cy0; cy <= cy1; cy++)
        for (guint cx = cx0; cx <= cx1; cx++)
          grid->entries[fill[cy * grid->cols + cx]++] = i;
    }

  return grid;
}

void
ferry_layout_grid_free (FerryLayoutGrid *grid)
{
  g_free (grid->rects);
  g_free (grid->ids);
  g_free (grid->cell_first);
  g_free (grid->entries);
  g_free (grid);
}

static gboolean
rects_touch (const FerryLayoutRect *a,
             const FerryLayoutRect *b)
{
  return a->x <= b->x + b->width && b->x <= a->x + a->width &&
         a->y <= b->y + b->height && b->y <= a->y + a->height;
}

/* Appends to @ids, in increasing order and once each, the ids of the
 * rectangles that touch @rect (borders included). */
void
ferry_layout_grid_query (FerryLayoutGrid       *grid,
                         const FerryLayoutRect *rect,
                         GArray                *ids)
{
  guint cx0, cy0, cx1, cy1;
  guint start = ids->len;
  guint n = 0;

  if (grid->n_rects == 0)
    return;

  cell_range (grid, rect, &cx0, &cy0, &cx1, &cy1);
  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++)
      {
        guint c = cy * grid->cols + cx;

        for (guint k = grid->cell_first[c]; k < grid->cell_first[c + 1]; k++)
          {
            guint i = grid->entries[k];

            if (rects_touch (&grid->rects[i], rect))
              g_array_append_val (ids, grid->ids[i]);
          }
      }

  if (ids->len - start > 1)
    {
      guint *found = &g_array_index (ids, guint, start);

      qsort (found, ids->len - start, sizeof (guint), ferry_layout_compare_guint);
      for (guint k = 0; k < ids->len - start; k++)
        if (n == 0 || found[k] != found[n - 1])
          found[n++] = found[k];
      g_array_set_size (ids, start + n);
    }
}
