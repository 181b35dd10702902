/* ferry-plan.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ferry-state.h"
#include "ferry-types.h"

G_BEGIN_DECLS

#define FERRY_PLAN_ERROR (ferry_plan_error_quark ())

typedef enum
{
  FERRY_PLAN_ERROR_NO_SUCH_ENVIRONMENT,
  FERRY_PLAN_ERROR_NO_SUCH_SERVICE,
  FERRY_PLAN_ERROR_INVALID,
} FerryPlanError;

/* Whether a step can run now, and if not, what it waits for. */
typedef enum
{
  FERRY_PLAN_STEP_READY,            /* can run as soon as its phase starts */
  FERRY_PLAN_STEP_NEEDS_APPROVAL,   /* waits for approvals */
  FERRY_PLAN_STEP_WAITING,          /* waits for upstream steps of this plan */
  FERRY_PLAN_STEP_BLOCKED,          /* cannot run: frozen, or upstream missing */
} FerryPlanStepState;

typedef struct
{
  FerryService       *service;        /* borrowed from the workspace */
  FerryEnvironment   *environment;    /* borrowed */
  gchar              *version;        /* full commit id to deploy */
  gchar              *tag;            /* nullable */
  gchar              *current;        /* what runs there now, nullable */
  guint               phase;
  FerryPlanStepState  state;
  guint               approvals_required;
  GPtrArray          *reasons;        /* gchar*: why it waits, in words */
} FerryPlanItem;

typedef struct
{
  gchar *service;
  gchar *reason;
} FerryPlanSkip;

typedef struct _FerryPlan FerryPlan;

#define FERRY_TYPE_PLAN (ferry_plan_get_type ())

GType             ferry_plan_get_type        (void) G_GNUC_CONST;
GQuark            ferry_plan_error_quark     (void);
FerryPlan        *ferry_plan_compute         (FerryWorkspace      *workspace,
                                              FerryStateSnapshot  *state,
                                              const gchar         *to,
                                              const gchar         *from,
                                              const gchar * const *services,
                                              GDateTime           *now,
                                              GError             **error);
FerryPlan        *ferry_plan_ref             (FerryPlan           *self);
void              ferry_plan_unref           (FerryPlan           *self);
FerryEnvironment *ferry_plan_get_to          (FerryPlan           *self);
FerryEnvironment *ferry_plan_get_from        (FerryPlan           *self);
guint             ferry_plan_get_n_phases    (FerryPlan           *self);
guint             ferry_plan_get_n_steps     (FerryPlan           *self,
                                              guint                phase);
FerryPlanItem    *ferry_plan_get_step        (FerryPlan           *self,
                                              guint                phase,
                                              guint                index);
guint             ferry_plan_get_n_skipped   (FerryPlan           *self);
FerryPlanSkip    *ferry_plan_get_skipped     (FerryPlan           *self,
                                              guint                index);
JsonNode         *ferry_plan_to_json         (FerryPlan           *self);
gchar            *ferry_plan_to_text         (FerryPlan           *self);
const gchar      *ferry_plan_step_state_to_string (FerryPlanStepState state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryPlan, ferry_plan_unref)

G_END_DECLS
