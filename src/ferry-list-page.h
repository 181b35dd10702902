/* ferry-list-page.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkStack *ferry_list_page_new (GtkWidget   *content,
                               const gchar *icon_name,
                               const gchar *title,
                               const gchar *description);

G_END_DECLS
