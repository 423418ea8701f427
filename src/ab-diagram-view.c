/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-diagram-view.c — the diagram view widget
 *
 * The canvas draws the diagram at the position of an AbTimeline, the same
 * GTK-free playback the exporter uses, advanced by the frame clock; with
 * GTK's animations off the timeline snaps. Controls are built from the
 * diagram's own parameter specs, so a new diagram needs no widget code.
 * Results come from ab_diagram_prepare(): a slow kernel runs on a worker
 * thread while the canvas shows the last frame, the caption stays, clicks
 * are ignored, and a spinner appears if it takes longer than SPINNER_DELAY_MS.
 */
#define G_LOG_DOMAIN "ab-diagram-view"

#include "config.h"
#include "ab-diagram-view.h"
#include "ab-diagram-canvas.h"
#include "ab-diagram-caption.h"
#include "ab-draw.h"
#include "ab-frame-export.h"
#include "ab-settings.h"
#include "ab-timeline.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

struct _AbDiagramView
{
  GtkWidget      parent_instance;

  AbDiagram     *diagram;
  AbTimeline    *player;
  guint          tick_id;
  gboolean       syncing_timeline;
  GPtrArray     *bindings;   /* ParamBinding*, one per parameter control */

  guint          spinner_id;
  gboolean       computing;   /* showing the last frame while a worker computes */
  guint          queued_steps;   /* Step presses before the step count was known */
  gboolean       captions_stale;   /* new parameters or results since they were made */

  GtkWidget     *box;
  GtkWidget     *canvas;
  GtkWidget     *spinner;
  GtkWidget     *caption;
  GtkWidget     *play_button;
  GtkWidget     *timeline;
  GtkAdjustment *timeline_adjustment;
  GtkWidget     *step_label;
  GtkWidget     *speed_dropdown;
  GtkWidget     *params_box;
};

G_DEFINE_FINAL_TYPE (AbDiagramView, ab_diagram_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_DIAGRAM, N_PROPS };
static GParamSpec *properties[N_PROPS];

static const double speeds[] = { 0.5, 1.0, 2.0 };

/* A spinner only for waits a reader notices, so quick updates never flash. */
#define SPINNER_DELAY_MS 150

static void
speed_changed (AbDiagramView *self)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->speed_dropdown));
  ab_timeline_set_speed (self->player, speeds[MIN (i, G_N_ELEMENTS (speeds) - 1)]);
}

static gint64
now_ms (AbDiagramView *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  return (clock ? gdk_frame_clock_get_frame_time (clock) : g_get_monotonic_time ()) / 1000;
}

/* The step count comes with the results and they are not in yet. */
static gboolean
steps_pending (AbDiagramView *self)
{
  return !ab_diagram_is_current (self->diagram) && ab_diagram_steps_need_results (self->diagram);
}

/* Every step's caption at once: the caption keeps the tallest one's
 * height, so the controls stay put while the diagram plays. */
static void
make_captions (AbDiagramView *self, guint n)
{
  g_autoptr (GPtrArray) captions = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < MAX (n, 1); i++)
    {
      char *caption = ab_diagram_dup_caption (self->diagram, i);
      g_ptr_array_add (captions, caption ? caption : g_strdup (""));
    }
  ab_diagram_caption_set_steps (AB_DIAGRAM_CAPTION (self->caption), (const char *const *) captions->pdata,
                                captions->len);
  self->captions_stale = FALSE;
}

static void
update_labels (AbDiagramView *self)
{
  guint n = ab_timeline_get_n_steps (self->player);
  guint step = ab_timeline_get_step (self->player);
  g_autofree char *counter = g_strdup_printf ("%u / %u", step + 1, n);
  gboolean current = ab_diagram_is_current (self->diagram);

  /* The description needs the results, and so do some captions: until
   * they are in, the previous ones stay (or "Computing…" before the
   * first). A caption from the class's table is shown at once. */
  if (current || !ab_diagram_captions_need_results (self->diagram))
    {
      if (self->captions_stale)
        make_captions (self, n);
      ab_diagram_caption_set_step (AB_DIAGRAM_CAPTION (self->caption), step);
    }
  else if (*ab_diagram_caption_get_markup (AB_DIAGRAM_CAPTION (self->caption)) == '\0')
    {
      g_autofree char *computing = g_markup_escape_text (_("Computing…"), -1);
      const char *const one[] = { computing };

      ab_diagram_caption_set_steps (AB_DIAGRAM_CAPTION (self->caption), one, 1);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->canvas),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, ab_diagram_get_title (self->diagram), -1);
  if (current)
    {
      g_autofree char *description = ab_diagram_describe (self->diagram, step);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->canvas),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
    }
  gtk_label_set_text (GTK_LABEL (self->step_label), counter);

  self->syncing_timeline = TRUE;
  gtk_adjustment_configure (self->timeline_adjustment, ab_timeline_get_position (self->player),
                            0, MAX (n - 1, 1), 1, 1, 0);
  self->syncing_timeline = FALSE;
  gtk_widget_set_sensitive (self->timeline, n > 1);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagram.step-back",
                                 step > 0 || self->queued_steps > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagram.step",
                                 step + 1 < n || steps_pending (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagram.play", n > 1);
}

static gboolean
show_spinner (gpointer data)
{
  AbDiagramView *self = data;

  self->spinner_id = 0;
  gtk_widget_set_visible (self->spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (self->spinner));
  return G_SOURCE_REMOVE;
}

static void
set_computing (AbDiagramView *self, gboolean computing)
{
  self->computing = computing;
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->canvas), GTK_ACCESSIBLE_STATE_BUSY, computing, -1);
  if (computing)
    {
      if (self->spinner_id == 0 && !gtk_widget_get_visible (self->spinner))
        self->spinner_id = g_timeout_add (SPINNER_DELAY_MS, show_spinner, self);
      return;
    }
  g_clear_handle_id (&self->spinner_id, g_source_remove);
  gtk_spinner_stop (GTK_SPINNER (self->spinner));
  gtk_widget_set_visible (self->spinner, FALSE);
}

/* Everything that follows the results: the step count, the labels, the
 * frame. Called at start, on "changed" and on "updated". */
static void
refresh (AbDiagramView *self)
{
  gboolean current = ab_diagram_prepare (self->diagram, AB_DIAGRAM_QUICK_UPDATE_MS);

  self->captions_stale = TRUE;
  /* New parameters may mean fewer steps; the timeline clamps. */
  if (current || !ab_diagram_steps_need_results (self->diagram))
    ab_timeline_set_n_steps (self->player, ab_diagram_get_n_steps (self->diagram));
  update_labels (self);
  set_computing (self, !current);
  gtk_widget_queue_draw (self->canvas);
  if (current && self->queued_steps > 0)
    {
      guint step = ab_timeline_get_step (self->player) + self->queued_steps;
      self->queued_steps = 0;
      ab_diagram_view_go_to_step (self, step);
    }
}

static void
update_play_button (AbDiagramView *self)
{
  gboolean playing = ab_timeline_get_playing (self->player);
  const char *label = playing ? _("Pause") : _("Play");

  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            playing ? "media-playback-pause-symbolic"
                                          : "media-playback-start-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static gboolean
tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  AbDiagramView *self = user_data;

  if (ab_timeline_tick (self->player, gdk_frame_clock_get_frame_time (clock) / 1000))
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
start_ticking (AbDiagramView *self)
{
  if (self->tick_id == 0 && ab_timeline_is_running (self->player))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick, self, NULL);
}

/* Everything the view shows follows the timeline's notifications. */
static void
player_position_changed (AbDiagramView *self)
{
  double position = ab_timeline_get_position (self->player);

  self->syncing_timeline = TRUE;
  gtk_adjustment_set_value (self->timeline_adjustment, position);
  self->syncing_timeline = FALSE;
  ab_diagram_canvas_set_position (AB_DIAGRAM_CANVAS (self->canvas), position);
}

static void
player_step_changed (AbDiagramView *self)
{
  update_labels (self);
}

static void
player_playing_changed (AbDiagramView *self)
{
  update_play_button (self);
}

static void
sync_animate (AbDiagramView *self)
{
  gboolean animate = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &animate, NULL);
  ab_timeline_set_animate (self->player, animate);
}

void
ab_diagram_view_go_to_step (AbDiagramView *self, guint step)
{
  g_return_if_fail (AB_IS_DIAGRAM_VIEW (self));
  self->queued_steps = 0;
  sync_animate (self);
  ab_timeline_pause (self->player, now_ms (self));
  ab_timeline_go_to_step (self->player, step, now_ms (self));
  update_labels (self);
  start_ticking (self);
}

gboolean
ab_diagram_view_step_forward (AbDiagramView *self)
{
  gboolean moved;

  g_return_val_if_fail (AB_IS_DIAGRAM_VIEW (self), FALSE);
  if (steps_pending (self))
    {
      /* Taken when the results tell how many steps there are. */
      self->queued_steps++;
      update_labels (self);
      return TRUE;
    }
  sync_animate (self);
  moved = ab_timeline_step_forward (self->player, now_ms (self));
  start_ticking (self);
  return moved;
}

void
ab_diagram_view_set_playing (AbDiagramView *self, gboolean playing)
{
  g_return_if_fail (AB_IS_DIAGRAM_VIEW (self));
  sync_animate (self);
  if (playing)
    ab_timeline_play (self->player, now_ms (self));
  else
    ab_timeline_pause (self->player, now_ms (self));
  start_ticking (self);
}

guint
ab_diagram_view_get_step (AbDiagramView *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM_VIEW (self), 0);
  return ab_timeline_get_step (self->player);
}

double
ab_diagram_view_get_position (AbDiagramView *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM_VIEW (self), 0);
  return ab_timeline_get_position (self->player);
}

gboolean
ab_diagram_view_get_playing (AbDiagramView *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM_VIEW (self), FALSE);
  return ab_timeline_get_playing (self->player);
}

AbTimeline *
ab_diagram_view_get_timeline (AbDiagramView *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM_VIEW (self), NULL);
  return self->player;
}

AbLayoutKind
ab_diagram_view_get_layout (AbDiagramView *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM_VIEW (self), AB_LAYOUT_WIDE);
  return ab_diagram_canvas_get_layout (AB_DIAGRAM_CANVAS (self->canvas));
}

gboolean
ab_diagram_view_get_computing (AbDiagramView *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM_VIEW (self), FALSE);
  return self->computing;
}

AbDiagram *
ab_diagram_view_get_diagram (AbDiagramView *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM_VIEW (self), NULL);
  return self->diagram;
}

/* Canvas ------------------------------------------------------------------ */

static void
canvas_pressed (GtkGestureClick *gesture, int n_press, double x, double y, AbDiagramView *self)
{
  AbLayoutKind kind = ab_diagram_canvas_get_layout (AB_DIAGRAM_CANVAS (self->canvas));
  double fx, fy;

  ab_diagram_surface_to_frame (kind, gtk_widget_get_width (self->canvas),
                               gtk_widget_get_height (self->canvas), x, y, &fx, &fy);
  /* A click hits what is drawn; while new results are computed that is
   * the last frame, which no longer matches them, so the click is ignored. */
  if (ab_diagram_is_current (self->diagram))
    ab_diagram_click (self->diagram, kind, fx, fy);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void sync_params (AbDiagramView *self);

static void
diagram_changed (AbDiagramView *self)
{
  refresh (self);
  sync_params (self);
}

static void
timeline_changed (GtkAdjustment *adjustment, AbDiagramView *self)
{
  double value;

  if (self->syncing_timeline)
    return;
  /* Scrubbing shows the in-between states too; the step is the nearest one. */
  value = gtk_adjustment_get_value (adjustment);
  ab_timeline_seek (self->player, value);
}

/* Parameters -------------------------------------------------------------- */

typedef struct
{
  AbDiagramView     *self;
  const AbParamSpec *spec;
  GtkWidget         *control;      /* GtkScale, GtkCheckButton or GtkDropDown */
  GtkWidget         *value_label;
} ParamBinding;

static void
show_value (ParamBinding *b, double value)
{
  char buf[64];

  g_snprintf (buf, sizeof buf, b->spec->format ? b->spec->format : "%g", value);
  gtk_label_set_text (GTK_LABEL (b->value_label), buf);
}

/* The parameter value a slider position stands for (log scale, steps). */
static double
slider_value (ParamBinding *b)
{
  double v = gtk_range_get_value (GTK_RANGE (b->control));
  double value = b->spec->log_scale ? exp2 (v) : v;

  if (b->spec->step > 0)
    value = b->spec->min + round ((value - b->spec->min) / b->spec->step) * b->spec->step;
  return CLAMP (value, b->spec->min, b->spec->max);
}

static void
slider_changed (GtkRange *range, ParamBinding *b)
{
  double value = slider_value (b);

  ab_diagram_set_param (b->self->diagram, b->spec->key, value, NULL);
  show_value (b, value);
}

static void
toggle_changed (GtkCheckButton *button, GParamSpec *pspec, ParamBinding *b)
{
  ab_diagram_set_param (b->self->diagram, b->spec->key,
                        gtk_check_button_get_active (button) ? 1 : 0, NULL);
}

static void
choice_changed (GtkDropDown *dropdown, GParamSpec *pspec, ParamBinding *b)
{
  ab_diagram_set_param (b->self->diagram, b->spec->key, gtk_drop_down_get_selected (dropdown), NULL);
}

/* Show the diagram's current values when they change from elsewhere (a
 * reset, a click on the canvas, a test); blocked handlers avoid a loop. */
static void
sync_params (AbDiagramView *self)
{
  for (guint i = 0; i < self->bindings->len; i++)
    {
      ParamBinding *b = g_ptr_array_index (self->bindings, i);
      double value = ab_diagram_get_param (self->diagram, b->spec->key);

      g_signal_handlers_block_matched (b->control, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, b);
      switch (b->spec->kind)
        {
        case AB_PARAM_SLIDER:
          /* Leave a slider being dragged alone unless it stands for another value. */
          if (slider_value (b) != value)
            gtk_range_set_value (GTK_RANGE (b->control), b->spec->log_scale ? log2 (value) : value);
          show_value (b, value);
          break;
        case AB_PARAM_TOGGLE:
          gtk_check_button_set_active (GTK_CHECK_BUTTON (b->control), value != 0);
          break;
        case AB_PARAM_CHOICE:
          gtk_drop_down_set_selected (GTK_DROP_DOWN (b->control), (guint) value);
          break;
        default:
          break;
        }
      g_signal_handlers_unblock_matched (b->control, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, b);
    }
}

static GtkWidget *
build_param (AbDiagramView *self, const AbParamSpec *spec)
{
  ParamBinding *b = g_new0 (ParamBinding, 1);

  g_ptr_array_add (self->bindings, b);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (_(spec->label));
  double value = ab_diagram_get_param (self->diagram, spec->key);

  b->self = self;
  b->spec = spec;
  gtk_widget_add_css_class (box, "diagram-param");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (header), label);

  switch (spec->kind)
    {
    case AB_PARAM_SLIDER:
      {
        double lo = spec->log_scale ? log2 (spec->min) : spec->min;
        double hi = spec->log_scale ? log2 (spec->max) : spec->max;
        double step = spec->log_scale ? 0.05 : (spec->step > 0 ? spec->step : (hi - lo) / 100);
        GtkWidget *scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, lo, hi, step);

        b->value_label = gtk_label_new (NULL);
        gtk_widget_add_css_class (b->value_label, "numeric");
        gtk_box_append (GTK_BOX (header), b->value_label);
        gtk_box_append (GTK_BOX (box), header);
        gtk_scale_set_draw_value (GTK_SCALE (scale), FALSE);
        gtk_range_set_value (GTK_RANGE (scale), spec->log_scale ? log2 (value) : value);
        gtk_widget_set_size_request (scale, 200, -1);
        /* Named by the label above it (a label property as well would be read twice). */
        gtk_accessible_update_relation (GTK_ACCESSIBLE (scale), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                        label, NULL, -1);
        show_value (b, value);
        b->control = scale;
        g_signal_connect (scale, "value-changed", G_CALLBACK (slider_changed), b);
        gtk_box_append (GTK_BOX (box), scale);
      }
      break;
    case AB_PARAM_TOGGLE:
      {
        GtkWidget *check = gtk_check_button_new_with_label (_(spec->label));
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check), value != 0);
        b->control = check;
        g_signal_connect (check, "notify::active", G_CALLBACK (toggle_changed), b);
        gtk_box_append (GTK_BOX (box), check);
      }
      break;
    case AB_PARAM_CHOICE:
      {
        g_autoptr (GPtrArray) labels = g_ptr_array_new ();
        GtkWidget *dropdown;
        for (guint i = 0; spec->choices && spec->choices[i]; i++)
          g_ptr_array_add (labels, (gpointer) _(spec->choices[i]));
        g_ptr_array_add (labels, NULL);
        dropdown = gtk_drop_down_new_from_strings ((const char * const *) labels->pdata);
        gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), (guint) value);
        b->control = dropdown;
        gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _(spec->label), -1);
        g_signal_connect (dropdown, "notify::selected", G_CALLBACK (choice_changed), b);
        gtk_box_append (GTK_BOX (box), header);
        gtk_box_append (GTK_BOX (box), dropdown);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  return box;
}

static void
build_params (AbDiagramView *self)
{
  guint n = ab_diagram_get_n_params (self->diagram);

  for (guint i = 0; i < n; i++)
    gtk_flow_box_append (GTK_FLOW_BOX (self->params_box),
                         build_param (self, ab_diagram_get_param_spec (self->diagram, i)));
  gtk_widget_set_visible (self->params_box, n > 0);
}

/* Actions ------------------------------------------------------------------ */

static void
play_action (GtkWidget *widget, const char *name, GVariant *param)
{
  AbDiagramView *self = AB_DIAGRAM_VIEW (widget);
  ab_diagram_view_set_playing (self, !ab_timeline_get_playing (self->player));
}

static void
step_action (GtkWidget *widget, const char *name, GVariant *param)
{
  AbDiagramView *self = AB_DIAGRAM_VIEW (widget);
  ab_diagram_view_step_forward (self);
}

static void
step_back_action (GtkWidget *widget, const char *name, GVariant *param)
{
  AbDiagramView *self = AB_DIAGRAM_VIEW (widget);
  if (self->queued_steps > 0)
    {
      self->queued_steps--;
      update_labels (self);
      return;
    }
  sync_animate (self);
  ab_timeline_step_back (self->player, now_ms (self));
  start_ticking (self);
}

static void
reset_action (GtkWidget *widget, const char *name, GVariant *param)
{
  AbDiagramView *self = AB_DIAGRAM_VIEW (widget);
  ab_diagram_view_go_to_step (self, 0);
}

static void
toast (AbDiagramView *self, const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("%s", message);
}

/* The preferences' export format ("svg" or "png") and frame size. */
static char *
export_defaults (int *width, int *height)
{
  GSettings *settings = ab_settings_get_default ();

  *width = settings ? g_settings_get_int (settings, "export-width") : 1600;
  *height = settings ? g_settings_get_int (settings, "export-height") : 900;
  return settings ? g_settings_get_string (settings, "export-format") : g_strdup ("svg");
}

static void
export_response (GtkNativeDialog *dialog, int response, AbDiagramView *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  AbFrameFormat format = AB_FRAME_SVG;
  int width, height;
  g_autofree char *preferred = export_defaults (&width, &height);

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      toast (self, _("Frames can only be saved to local folders"));
      return;
    }
  if (g_str_has_suffix (path, ".png"))
    format = AB_FRAME_PNG;
  else if (!g_str_has_suffix (path, ".svg"))
    {
      char *with_ext = g_strconcat (path, ".", preferred, NULL);
      g_free (path);
      path = with_ext;
      format = g_str_equal (preferred, "png") ? AB_FRAME_PNG : AB_FRAME_SVG;
    }

  if (ab_frame_export (self->diagram, AB_LAYOUT_WIDE, ab_timeline_get_step (self->player), format, width, height,
                       2.0, path, &error))
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *message = g_strdup_printf (_("Saved “%s”"), base);
      toast (self, message);
    }
  else
    toast (self, error->message);
}

static void
export_action (GtkWidget *widget, const char *name, GVariant *param)
{
  AbDiagramView *self = AB_DIAGRAM_VIEW (widget);
  GtkFileChooserNative *dialog;
  GtkFileFilter *svg = gtk_file_filter_new (), *png = gtk_file_filter_new ();
  int width, height;
  g_autofree char *preferred = export_defaults (&width, &height);
  g_autofree char *suggested = g_strdup_printf ("%s-step-%02u.%s",
                                                ab_diagram_get_name (self->diagram),
                                                ab_timeline_get_step (self->player) + 1, preferred);

  dialog = gtk_file_chooser_native_new (_("Export Frame"),
                                        GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (svg, _("SVG image"));
  gtk_file_filter_add_suffix (svg, "svg");
  gtk_file_filter_set_name (png, _("PNG image (2× scale)"));
  gtk_file_filter_add_suffix (png, "png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), svg);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), png);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), g_str_equal (preferred, "png") ? png : svg);
  g_object_unref (svg);
  g_object_unref (png);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested);
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
fullscreen_action (GtkWidget *widget, const char *name, GVariant *param)
{
  AbDiagramView *self = AB_DIAGRAM_VIEW (widget);
  GtkWidget *window = adw_window_new ();
  GtkWidget *view = ab_diagram_view_new (self->diagram);
  GtkEventController *keys = gtk_shortcut_controller_new ();

  gtk_widget_add_css_class (window, "diagram-fullscreen");
  gtk_window_set_title (GTK_WINDOW (window), ab_diagram_get_title (self->diagram));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_widget_set_margin_start (view, 24);
  gtk_widget_set_margin_end (view, 24);
  gtk_widget_set_margin_top (view, 24);
  gtk_widget_set_margin_bottom (view, 24);
  gtk_widget_set_valign (view, GTK_ALIGN_CENTER);
  adw_window_set_content (ADW_WINDOW (window), view);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                        gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, keys);
  ab_timeline_seek (AB_DIAGRAM_VIEW (view)->player, ab_timeline_get_step (self->player));
  gtk_window_fullscreen (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (view);
}

/* GObject ------------------------------------------------------------------ */

static void
ab_diagram_view_constructed (GObject *object)
{
  AbDiagramView *self = AB_DIAGRAM_VIEW (object);

  G_OBJECT_CLASS (ab_diagram_view_parent_class)->constructed (object);
  g_return_if_fail (self->diagram != NULL);

  g_signal_connect_object (self->diagram, "changed", G_CALLBACK (diagram_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->diagram, "updated", G_CALLBACK (refresh), self,
                           G_CONNECT_SWAPPED);
  ab_diagram_canvas_set_diagram (AB_DIAGRAM_CANVAS (self->canvas), self->diagram);
  build_params (self);
  refresh (self);
  update_play_button (self);
}

static void
ab_diagram_view_dispose (GObject *object)
{
  AbDiagramView *self = AB_DIAGRAM_VIEW (object);

  if (self->tick_id)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  g_clear_handle_id (&self->spinner_id, g_source_remove);
  if (self->player)
    g_signal_handlers_disconnect_by_data (self->player, self);
  g_clear_object (&self->player);
  gtk_widget_dispose_template (GTK_WIDGET (self), AB_TYPE_DIAGRAM_VIEW);
  g_clear_object (&self->diagram);
  g_clear_pointer (&self->bindings, g_ptr_array_unref);
  G_OBJECT_CLASS (ab_diagram_view_parent_class)->dispose (object);
}

static void
ab_diagram_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AbDiagramView *self = AB_DIAGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_DIAGRAM:
      g_value_set_object (value, self->diagram);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ab_diagram_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  AbDiagramView *self = AB_DIAGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_DIAGRAM:
      self->diagram = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ab_diagram_view_class_init (AbDiagramViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ab_diagram_view_constructed;
  object_class->dispose = ab_diagram_view_dispose;
  object_class->get_property = ab_diagram_view_get_property;
  object_class->set_property = ab_diagram_view_set_property;

  properties[PROP_DIAGRAM] =
    g_param_spec_object ("diagram", NULL, NULL, AB_TYPE_DIAGRAM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (AB_TYPE_DIAGRAM_CANVAS);
  g_type_ensure (AB_TYPE_DIAGRAM_CAPTION);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/in/deepakbaby/AttentionBook/ui/ab-diagram-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AbDiagramView, box);
  gtk_widget_class_bind_template_child (widget_class, AbDiagramView, canvas);
  gtk_widget_class_bind_template_child (widget_class, AbDiagramView, spinner);
  gtk_widget_class_bind_template_child (widget_class, AbDiagramView, caption);
  gtk_widget_class_bind_template_child (widget_class, AbDiagramView, play_button);
  gtk_widget_class_bind_template_child (widget_class, AbDiagramView, timeline);
  gtk_widget_class_bind_template_child (widget_class, AbDiagramView, timeline_adjustment);
  gtk_widget_class_bind_template_child (widget_class, AbDiagramView, step_label);
  gtk_widget_class_bind_template_child (widget_class, AbDiagramView, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AbDiagramView, params_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "diagramview");

  gtk_widget_class_install_action (widget_class, "diagram.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "diagram.step", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "diagram.step-back", NULL, step_back_action);
  gtk_widget_class_install_action (widget_class, "diagram.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "diagram.export-frame", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "diagram.fullscreen", NULL, fullscreen_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "diagram.play", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "diagram.step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "diagram.step-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "diagram.reset", NULL);
}

static void
ab_diagram_view_init (AbDiagramView *self)
{
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->bindings = g_ptr_array_new_with_free_func (g_free);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (canvas_pressed), self);
  gtk_widget_add_controller (self->canvas, GTK_EVENT_CONTROLLER (click));

  g_signal_connect (self->timeline_adjustment, "value-changed", G_CALLBACK (timeline_changed), self);

  self->player = ab_timeline_new (1);
  g_signal_connect_swapped (self->player, "notify::position", G_CALLBACK (player_position_changed), self);
  g_signal_connect_swapped (self->player, "notify::step", G_CALLBACK (player_step_changed), self);
  g_signal_connect_swapped (self->player, "notify::playing", G_CALLBACK (player_playing_changed), self);
  g_signal_connect_swapped (self->speed_dropdown, "notify::selected", G_CALLBACK (speed_changed), self);
  speed_changed (self);
}

GtkWidget *
ab_diagram_view_new (AbDiagram *diagram)
{
  g_return_val_if_fail (AB_IS_DIAGRAM (diagram), NULL);
  return g_object_new (AB_TYPE_DIAGRAM_VIEW, "diagram", diagram, NULL);
}
