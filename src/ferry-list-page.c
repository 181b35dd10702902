/* ferry-list-page.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-list-page"

#include "config.h"

#include "ferry-list-page.h"

/**
 * ferry_list_page_new:
 * @content: what the page lists, usually a boxed list
 * @icon_name: the empty state's icon
 * @title: the empty state's title
 * @description: what will show up here, and when
 *
 * A page of the main view: @content scrolled and clamped to a readable
 * width, or, while there is nothing to list, a status page saying so.
 * Show one or the other with the stack's "list" and "empty" children.
 *
 * Returns: (transfer floating): the page
 */
GtkStack *
ferry_list_page_new (GtkWidget   *content,
                     const gchar *icon_name,
                     const gchar *title,
                     const gchar *description)
{
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *empty = adw_status_page_new ();
  GtkStack *stack = GTK_STACK (gtk_stack_new ());

  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_widget_set_valign (content, GTK_ALIGN_START);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), icon_name);
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (empty), description);

  gtk_stack_add_named (stack, empty, "empty");
  gtk_stack_add_named (stack, scroller, "list");

  return stack;
}
