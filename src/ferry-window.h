/* ferry-window.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-application.h"
#include "ferry-core.h"

#include "ferry-operations.h"

G_BEGIN_DECLS

#define FERRY_TYPE_WINDOW (ferry_window_get_type())

G_DECLARE_FINAL_TYPE (FerryWindow, ferry_window, FERRY, WINDOW, AdwApplicationWindow)

FerryWindow *ferry_window_new               (FerryApplication *application);
void         ferry_window_open_workspace    (FerryWindow      *self,
                                             GFile            *workspace);
void         ferry_window_choose_workspace  (FerryWindow      *self);
void         ferry_window_open_demo         (FerryWindow      *self);
GFile       *ferry_window_get_workspace     (FerryWindow      *self);
FerryWorkspace *ferry_window_get_model      (FerryWindow      *self);
FerryOperations *ferry_window_get_operations (FerryWindow     *self);
FerryStateSnapshot *ferry_window_get_state  (FerryWindow      *self);
void         ferry_window_import            (FerryWindow      *self,
                                             GFile            *source,
                                             GFile            *output);
void         ferry_window_show_details      (FerryWindow      *self,
                                             FerryService     *service);
void         ferry_window_add_toast         (FerryWindow      *self,
                                             const gchar      *title);
gboolean     ferry_window_is_read_only      (FerryWindow      *self);

G_END_DECLS
