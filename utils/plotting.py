"""Plotting helpers: one call per figure, labelled axes, a title that states the finding.

Every function draws on a given matplotlib Axes (or a new figure) and returns the Axes, so a
notebook can place several plots side by side with plt.subplots.
"""

import matplotlib.pyplot as plt
import numpy as np


def _axes(ax, figsize=(6, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_costs(costs, title="Cost during training", every=100, xlabel="iteration", ax=None,
               log_y=False, start=0):
    """Cost curves against the real iteration (or epoch) numbers.

    Args:
        costs: a list of numbers, or a dict {label: list of numbers}, recorded every `every`
            iterations starting at iteration 0 (the course records the cost every 100).
        every: the number of iterations between two recorded costs; 1 for a cost per epoch.
        start: the number of the first recorded iteration (0), or epoch (often 1).
        xlabel: what the x axis counts, e.g. "iteration" or "epoch".
    With several curves and a figure of its own, the legend stands beside the axes, where it
    cannot hide a curve.
    """
    own_figure = ax is None
    ax = _axes(ax, figsize=(7.5, 4) if own_figure and isinstance(costs, dict) else (6, 4))
    curves = costs if isinstance(costs, dict) else {"cost": costs}
    for label, values in curves.items():
        values = np.atleast_1d(np.squeeze(np.asarray(values, dtype=float)))
        ax.plot(start + np.arange(len(values)) * every, values, label=str(label))
    ax.set_xlabel(xlabel)
    ax.set_ylabel("cost")
    if log_y:
        ax.set_yscale("log")
    ax.set_title(title)
    if isinstance(costs, dict):
        if own_figure:
            ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)
            ax.figure.tight_layout()
        else:
            ax.legend(framealpha=0.9)
    return ax


def plot_decision_boundary(predict, X, Y, title="Decision boundary", ax=None, resolution=300,
                           margin=0.5):
    """Shade the regions a classifier assigns to each class, with the points on top.

    Args:
        predict: function taking an array of shape (2, k) of points (one per column) and
            returning labels of shape (1, k) or (k,).
        X: points, shape (2, m).   Y: labels, shape (1, m).
    """
    ax = _axes(ax)
    x_min, x_max = X[0].min() - margin, X[0].max() + margin
    y_min, y_max = X[1].min() - margin, X[1].max() + margin
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution))
    grid = np.c_[xx.ravel(), yy.ravel()].T                                  # (2, resolution^2)
    labels = np.asarray(predict(grid)).reshape(xx.shape)
    ax.contourf(xx, yy, labels, levels=[-0.5, 0.5, 1.5], colors=["#f4b6b6", "#b6cdf4"], alpha=0.8)
    ax.scatter(X[0], X[1], c=np.squeeze(Y), cmap=plt.cm.coolwarm_r, s=14, edgecolors="k",
               linewidths=0.3)
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title)
    return ax


def plot_points(X, Y, title="Data", ax=None):
    """A 2-D data set of shape (2, m), coloured by its labels of shape (1, m)."""
    ax = _axes(ax)
    ax.scatter(X[0], X[1], c=np.squeeze(Y), cmap=plt.cm.coolwarm_r, s=14, edgecolors="k",
               linewidths=0.3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title)
    return ax


def image_grid(images, titles=None, columns=8, title=None, size=1.4, return_figure=False):
    """Show images of shape (k, h, w, 3) (uint8 or floats in [0, 1]) in a grid with titles.

    Each row gets room for its titles (however many lines they have), so a title never runs
    into the images of the row above. Returns None, so that a notebook cell ending with this call
    shows the grid once (Jupyter would show a returned figure a second time); `return_figure=True`
    returns the figure instead, to save it.
    """
    images = np.asarray(images)
    count = len(images)
    columns = max(1, min(columns, count))
    rows = max(1, int(np.ceil(count / columns)))
    title_lines = max((str(t).count("\n") + 1 for t in titles), default=0) if titles is not None else 0
    row_height = size + 0.17 * title_lines
    fig, axes = plt.subplots(rows, columns, figsize=(size * columns, row_height * rows + 0.45 * bool(title)),
                             squeeze=False, layout="constrained")
    for index, ax in enumerate(axes.flat):
        ax.axis("off")
        if index < count:
            ax.imshow(images[index])
            if titles is not None:
                ax.set_title(str(titles[index]), fontsize=8)
    if title:
        fig.suptitle(title)
    return fig if return_figure else None


def plot_history(history, metrics=("loss", "accuracy"), title="Training curves"):
    """Keras History (or its .history dict): one panel per metric, train and validation. Returns
    None (see image_grid)."""
    values = getattr(history, "history", history)
    fig, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.5), squeeze=False)
    for ax, metric in zip(axes.flat, metrics):
        for key, label in ((metric, "train"), (f"val_{metric}", "validation")):
            if key in values:
                ax.plot(np.arange(1, len(values[key]) + 1), values[key], label=label)
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric)
        ax.legend()
    fig.suptitle(title)
    fig.tight_layout()
