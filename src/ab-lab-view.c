/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-lab-view.c — the lab widget: controls, progress and live charts
 *
 * The widget only reads its AbLabSweep and draws: the sweep measures on its
 * worker thread and reports in the main loop, so nothing here ever waits on
 * a kernel. Leaving the window (a page change unroots the lab) or being
 * destroyed cancels the sweep; the worker ends after the run in flight and
 * is joined by the sweep's last message, with no reference to this widget.
 */
#define G_LOG_DOMAIN "ab-lab-view"

#include "config.h"
#include "ab-lab-view.h"
#include "ab-format.h"
#include "ab-lab-plot.h"
#include "ab-lab-status.h"
#include "ab-markdown.h"
#include "ab-style.h"

#include <glib/gi18n.h>
#include <math.h>

/* Both kernels on one thread: the comparison is per core, and the reader's
 * other cores keep the window smooth while the lab runs. */
#define LAB_THREADS 1
#define LAB_SEED    1
#define MIB         ((guint64) 1 << 20)

/* Powers of four, as the score matrix grows fourfold when N doubles: the
 * default lets naive run to N = 4,096 (64 MiB of scores) and stop at 8,192. */
static const guint64 budget_presets[] = { 16 * MIB, 64 * MIB, 256 * MIB, 1024 * MIB };
#define DEFAULT_BUDGET (64 * MIB)

/* The chart area: a drawing area whose height follows its width. */
#define AB_TYPE_LAB_CANVAS (ab_lab_canvas_get_type ())
G_DECLARE_FINAL_TYPE (AbLabCanvas, ab_lab_canvas, AB, LAB_CANVAS, GtkDrawingArea)

struct _AbLabCanvas
{
  GtkDrawingArea parent_instance;
};

G_DEFINE_FINAL_TYPE (AbLabCanvas, ab_lab_canvas, GTK_TYPE_DRAWING_AREA)

static GtkSizeRequestMode
ab_lab_canvas_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
ab_lab_canvas_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                       int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  int width;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 1200;
      return;
    }
  /* Side by side the two charts are wide; stacked (narrow) they are tall. */
  width = for_size > 0 ? for_size : 1200;
  *minimum = *natural = ab_layout_for_width (width) == AB_LAYOUT_NARROW ? width * 3 / 2 : width * 9 / 16;
}

static void
ab_lab_canvas_class_init (AbLabCanvasClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->get_request_mode = ab_lab_canvas_get_request_mode;
  widget_class->measure = ab_lab_canvas_measure;
}

static void
ab_lab_canvas_init (AbLabCanvas *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

/* The view ---------------------------------------------------------------------------- */

struct _AbLabView
{
  GtkWidget   parent_instance;

  AbLabSweep *sweep;
  int         max_n;          /* largest N offered */
  int         top_n;          /* largest N of the next run */
  int         head_dim;
  guint64     naive_budget;
  GArray     *budgets;        /* guint64 per budget_dropdown item */
  gboolean    syncing;        /* controls being set from the properties */

  GtkWidget  *box;
  GtkWidget  *run_button;
  GtkWidget  *progress;
  GtkWidget  *params_box;
  GtkWidget  *d_dropdown;
  GtkWidget  *n_dropdown;
  GtkWidget  *budget_dropdown;
  GtkWidget  *canvas;
  GtkWidget  *status_label;
  GtkWidget  *setup_label;
};

G_DEFINE_FINAL_TYPE (AbLabView, ab_lab_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_MAX_N, PROP_TOP_N, PROP_HEAD_DIM, PROP_NAIVE_BUDGET, PROP_RUNNING, N_PROPS };
static GParamSpec *properties[N_PROPS];

static gboolean
is_power_of_two (guint64 n)
{
  return n > 0 && (n & (n - 1)) == 0;
}

/* AB_LAB_MAX_N (tests) caps every lab, so a test run stays short. */
static int
environment_cap (void)
{
  const char *text = g_getenv ("AB_LAB_MAX_N");
  guint64 n;

  if (text && g_ascii_string_to_unsigned (text, 10, AB_LAB_MAX_N_LOWEST, AB_LAB_MAX_N_HIGHEST, &n, NULL) &&
      is_power_of_two (n))
    return (int) n;
  return AB_LAB_MAX_N_HIGHEST;
}

/* The largest power of two ≤ @n within [lo, hi]. */
static int
snap_power (int n, int lo, int hi)
{
  int p = lo;

  while (p * 2 <= MIN (n, hi))
    p *= 2;
  return p;
}

/* Status ----------------------------------------------------------------------------- */

static void
update_status (AbLabView *self)
{
  g_autofree char *progress = NULL;
  g_autofree char *status = ab_lab_status_text (self->sweep, self->top_n, self->head_dim, &progress);

  gtk_label_set_text (GTK_LABEL (self->status_label), status);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), progress);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), ab_lab_sweep_get_fraction (self->sweep));
}

/* One thread unless the kernel-threads preference says otherwise. */
static int
lab_threads (void)
{
  return ab_attention_threads_or (LAB_THREADS);
}

static void
update_setup (AbLabView *self)
{
  g_autofree char *threads = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d CPU thread", "%d CPU threads",
                                                            lab_threads ()), lab_threads ());
  g_autofree char *text = g_strdup_printf (_("One head; Q, K and V drawn from N(0, 1) with seed %d. Both kernels on "
                                             "%s (threads = %d); FlashAttention-2 with tiles sized from this CPU's caches. "
                                             "Each time is the fastest of up to 5 runs."),
                                           LAB_SEED, threads, lab_threads ());

  gtk_label_set_text (GTK_LABEL (self->setup_label), text);
}

static void
fill_plot_data (AbLabView *self, AbLabPlotData *data)
{
  GArray *points = ab_lab_sweep_get_points (self->sweep);
  const AbLabConfig *config = ab_lab_sweep_get_config (self->sweep);
  gboolean measured = points->len > 0 || ab_lab_sweep_get_running (self->sweep);
  int n = 0;

  /* Results keep the axes they were measured with; before a run, the
   * charts show the run the controls describe. */
  data->points = (const AbLabPoint *) points->data;
  data->n_points = points->len;
  data->n_max = measured ? config->n_max : self->top_n;
  data->naive_budget = measured ? config->naive_budget : self->naive_budget;
  data->current_n = ab_lab_sweep_get_current (self->sweep, &n, NULL) ? n : 0;
}

static void
draw_canvas (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  AbLabView *self = AB_LAB_VIEW (user_data);
  AbLabPlotData data;

  fill_plot_data (self, &data);
  ab_lab_plot_draw (cr, width, height, &data);
}

char *
ab_lab_view_describe (AbLabView *self)
{
  AbLabPlotData data;

  g_return_val_if_fail (AB_IS_LAB_VIEW (self), NULL);
  fill_plot_data (self, &data);
  return ab_lab_plot_describe (&data);
}

static void
sweep_changed (AbLabView *self)
{
  g_autofree char *description = ab_lab_view_describe (self);

  update_status (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->canvas),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  gtk_widget_queue_draw (self->canvas);
}

static void
update_controls (AbLabView *self)
{
  gboolean running = ab_lab_sweep_get_running (self->sweep);
  GtkWidget *button = self->run_button;

  gtk_button_set_label (GTK_BUTTON (button), running ? _("Cancel") : _("Run"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), running ? "lab.cancel" : "lab.run");
  gtk_widget_set_tooltip_text (button, running ? _("Stop after the run in flight")
                                               : _("Time both kernels at every N on this computer"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  running ? _("Cancel the lab") : _("Run the lab"), -1);
  if (running)
    {
      gtk_widget_remove_css_class (button, "suggested-action");
      gtk_widget_add_css_class (button, "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (button, "destructive-action");
      gtk_widget_add_css_class (button, "suggested-action");
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab.run", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab.cancel", running);
  /* A run measures what the controls said when it started. */
  gtk_widget_set_sensitive (self->params_box, !running);
}

static void
sweep_running_changed (AbLabView *self)
{
  update_controls (self);
  sweep_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Controls ---------------------------------------------------------------------------- */

static void
sync_dropdowns (AbLabView *self)
{
  self->syncing = TRUE;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->d_dropdown), self->head_dim == 128 ? 1 : 0);
  /* Items run 512, 1,024, … max_n: item i is 512·2^i. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->n_dropdown),
                              (guint) (log2 (self->top_n) - log2 (AB_LAB_MAX_N_LOWEST) + 0.5));
  for (guint i = 0; i < self->budgets->len; i++)
    if (g_array_index (self->budgets, guint64, i) == self->naive_budget)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->budget_dropdown), i);
  self->syncing = FALSE;
}

static void
rebuild_n_choices (AbLabView *self)
{
  g_autoptr (GtkStringList) list = gtk_string_list_new (NULL);

  for (int n = AB_LAB_MAX_N_LOWEST; n <= self->max_n; n *= 2)
    {
      g_autofree char *text = ab_format_count ((guint64) n);
      gtk_string_list_append (list, text);
    }
  self->syncing = TRUE;
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->n_dropdown), G_LIST_MODEL (list));
  self->syncing = FALSE;
}

/* The presets, plus the current budget where it is none of them. */
static void
rebuild_budget_choices (AbLabView *self)
{
  g_autoptr (GtkStringList) list = gtk_string_list_new (NULL);
  gboolean placed = FALSE;

  g_array_set_size (self->budgets, 0);
  for (guint i = 0; i <= G_N_ELEMENTS (budget_presets); i++)
    {
      guint64 preset = i < G_N_ELEMENTS (budget_presets) ? budget_presets[i] : G_MAXUINT64;

      /* Never offer more than the kernels' own default (half the RAM). */
      if (i > 0 && preset != G_MAXUINT64 && preset > ab_attention_default_budget ())
        continue;
      if (!placed && self->naive_budget <= preset)
        {
          if (self->naive_budget != preset)
            g_array_append_val (self->budgets, self->naive_budget);
          placed = TRUE;
        }
      if (i < G_N_ELEMENTS (budget_presets))
        g_array_append_val (self->budgets, preset);
    }
  for (guint i = 0; i < self->budgets->len; i++)
    {
      g_autofree char *text = ab_format_bytes ((double) g_array_index (self->budgets, guint64, i));
      gtk_string_list_append (list, text);
    }
  self->syncing = TRUE;
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->budget_dropdown), G_LIST_MODEL (list));
  self->syncing = FALSE;
}

static void
set_top_n (AbLabView *self, int n)
{
  n = snap_power (MAX (n, AB_LAB_MAX_N_LOWEST), AB_LAB_MAX_N_LOWEST, self->max_n);
  if (n == self->top_n)
    return;
  self->top_n = n;
  sync_dropdowns (self);
  sweep_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOP_N]);
}

static void
set_max_n (AbLabView *self, int n)
{
  int top = self->top_n;

  n = snap_power (n > 0 ? n : AB_LAB_DEFAULT_MAX_N, AB_LAB_MAX_N_LOWEST, MIN (AB_LAB_MAX_N_HIGHEST, environment_cap ()));
  if (n == self->max_n)
    return;
  self->max_n = n;
  rebuild_n_choices (self);
  self->top_n = 0;
  set_top_n (self, top > 0 ? top : AB_LAB_DEFAULT_TOP_N);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_N]);
}

static void
set_head_dim (AbLabView *self, int d)
{
  d = d >= 128 ? 128 : 64;
  if (d == self->head_dim)
    return;
  self->head_dim = d;
  sync_dropdowns (self);
  sweep_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEAD_DIM]);
}

static void
set_naive_budget (AbLabView *self, guint64 bytes)
{
  bytes = MAX (bytes, 1);
  if (bytes == self->naive_budget)
    return;
  self->naive_budget = bytes;
  rebuild_budget_choices (self);
  sync_dropdowns (self);
  sweep_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAIVE_BUDGET]);
}

static void
d_selected (AbLabView *self)
{
  if (!self->syncing)
    set_head_dim (self, gtk_drop_down_get_selected (GTK_DROP_DOWN (self->d_dropdown)) == 1 ? 128 : 64);
}

static void
n_selected (AbLabView *self)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->n_dropdown));

  if (!self->syncing && i != GTK_INVALID_LIST_POSITION)
    set_top_n (self, AB_LAB_MAX_N_LOWEST << i);
}

static void
budget_selected (AbLabView *self)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->budget_dropdown));

  if (!self->syncing && i < self->budgets->len)
    set_naive_budget (self, g_array_index (self->budgets, guint64, i));
}

/* Run and cancel ---------------------------------------------------------------------- */

void
ab_lab_view_run (AbLabView *self)
{
  AbLabConfig config = {
    .d = self->head_dim,
    .n_max = self->top_n,
    .naive_budget = (size_t) self->naive_budget,
    .threads = lab_threads (),
    .seed = LAB_SEED,
  };
  g_autoptr (GError) error = NULL;

  g_return_if_fail (AB_IS_LAB_VIEW (self));
  if (!ab_lab_sweep_start (self->sweep, &config, &error))
    gtk_label_set_text (GTK_LABEL (self->status_label), error->message);
}

void
ab_lab_view_cancel (AbLabView *self)
{
  g_return_if_fail (AB_IS_LAB_VIEW (self));
  if (self->sweep)
    ab_lab_sweep_cancel (self->sweep);
}

gboolean
ab_lab_view_get_running (AbLabView *self)
{
  g_return_val_if_fail (AB_IS_LAB_VIEW (self), FALSE);
  return self->sweep && ab_lab_sweep_get_running (self->sweep);
}

AbLabSweep *
ab_lab_view_get_sweep (AbLabView *self)
{
  g_return_val_if_fail (AB_IS_LAB_VIEW (self), NULL);
  return self->sweep;
}

const char *
ab_lab_view_get_status (AbLabView *self)
{
  g_return_val_if_fail (AB_IS_LAB_VIEW (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->status_label));
}

static void
run_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ab_lab_view_run (AB_LAB_VIEW (widget));
}

static void
cancel_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ab_lab_view_cancel (AB_LAB_VIEW (widget));
}

/* GObject and GtkWidget ------------------------------------------------------------------ */

static void
ab_lab_view_unroot (GtkWidget *widget)
{
  /* Off the window (another page): nobody is watching the run any more. */
  ab_lab_view_cancel (AB_LAB_VIEW (widget));
  GTK_WIDGET_CLASS (ab_lab_view_parent_class)->unroot (widget);
}

static void
ab_lab_view_dispose (GObject *object)
{
  AbLabView *self = AB_LAB_VIEW (object);

  if (self->sweep)
    g_signal_handlers_disconnect_by_data (self->sweep, self);
  /* Its dispose detaches the worker, which ends and is joined on its own. */
  g_clear_object (&self->sweep);
  gtk_widget_dispose_template (GTK_WIDGET (self), AB_TYPE_LAB_VIEW);
  G_OBJECT_CLASS (ab_lab_view_parent_class)->dispose (object);
}

static void
ab_lab_view_finalize (GObject *object)
{
  g_array_unref (AB_LAB_VIEW (object)->budgets);
  G_OBJECT_CLASS (ab_lab_view_parent_class)->finalize (object);
}

static void
ab_lab_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AbLabView *self = AB_LAB_VIEW (object);

  switch (prop_id)
    {
    case PROP_MAX_N:
      g_value_set_int (value, self->max_n);
      break;
    case PROP_TOP_N:
      g_value_set_int (value, self->top_n);
      break;
    case PROP_HEAD_DIM:
      g_value_set_int (value, self->head_dim);
      break;
    case PROP_NAIVE_BUDGET:
      g_value_set_uint64 (value, self->naive_budget);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, ab_lab_view_get_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ab_lab_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  AbLabView *self = AB_LAB_VIEW (object);

  switch (prop_id)
    {
    case PROP_MAX_N:
      set_max_n (self, g_value_get_int (value));
      break;
    case PROP_TOP_N:
      set_top_n (self, g_value_get_int (value));
      break;
    case PROP_HEAD_DIM:
      set_head_dim (self, g_value_get_int (value));
      break;
    case PROP_NAIVE_BUDGET:
      set_naive_budget (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ab_lab_view_class_init (AbLabViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ab_lab_view_dispose;
  object_class->finalize = ab_lab_view_finalize;
  object_class->get_property = ab_lab_view_get_property;
  object_class->set_property = ab_lab_view_set_property;
  widget_class->unroot = ab_lab_view_unroot;

  properties[PROP_MAX_N] =
    g_param_spec_int ("max-n", NULL, NULL, 0, AB_LAB_MAX_N_HIGHEST, AB_LAB_DEFAULT_MAX_N,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOP_N] =
    g_param_spec_int ("top-n", NULL, NULL, 0, AB_LAB_MAX_N_HIGHEST, AB_LAB_DEFAULT_TOP_N,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEAD_DIM] =
    g_param_spec_int ("head-dim", NULL, NULL, 64, 128, 64,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAIVE_BUDGET] =
    g_param_spec_uint64 ("naive-budget", NULL, NULL, 1, G_MAXUINT64, DEFAULT_BUDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (AB_TYPE_LAB_CANVAS);
  gtk_widget_class_set_template_from_resource (widget_class, "/in/deepakbaby/AttentionBook/ui/ab-lab-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AbLabView, box);
  gtk_widget_class_bind_template_child (widget_class, AbLabView, run_button);
  gtk_widget_class_bind_template_child (widget_class, AbLabView, progress);
  gtk_widget_class_bind_template_child (widget_class, AbLabView, params_box);
  gtk_widget_class_bind_template_child (widget_class, AbLabView, d_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AbLabView, n_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AbLabView, budget_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AbLabView, canvas);
  gtk_widget_class_bind_template_child (widget_class, AbLabView, status_label);
  gtk_widget_class_bind_template_child (widget_class, AbLabView, setup_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* Framed like the diagrams on the page (style.css styles diagramview). */
  gtk_widget_class_set_css_name (widget_class, "diagramview");

  gtk_widget_class_install_action (widget_class, "lab.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "lab.cancel", NULL, cancel_action);
}

static void
ab_lab_view_init (AbLabView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->budgets = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->head_dim = 64;
  self->naive_budget = DEFAULT_BUDGET;
  self->sweep = ab_lab_sweep_new ();
  g_signal_connect_swapped (self->sweep, "changed", G_CALLBACK (sweep_changed), self);
  g_signal_connect_swapped (self->sweep, "finished", G_CALLBACK (sweep_changed), self);
  g_signal_connect_swapped (self->sweep, "notify::running", G_CALLBACK (sweep_running_changed), self);

  rebuild_budget_choices (self);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->canvas), draw_canvas, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->canvas), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Lab charts: time and memory against N"), -1);
  g_signal_connect_swapped (self->d_dropdown, "notify::selected", G_CALLBACK (d_selected), self);
  g_signal_connect_swapped (self->n_dropdown, "notify::selected", G_CALLBACK (n_selected), self);
  g_signal_connect_swapped (self->budget_dropdown, "notify::selected", G_CALLBACK (budget_selected), self);
  update_setup (self);
  update_controls (self);
}

GtkWidget *
ab_lab_view_new (int max_n)
{
  return g_object_new (AB_TYPE_LAB_VIEW, "max-n", max_n, NULL);
}
