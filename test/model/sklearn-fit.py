#!/usr/bin/python3
"""Fits the aodflow model with pandas and scikit-learn, for comparison with the TypeScript fit.

Reads the CSV written by test/model/fixtures.ts (site, time, aod_550, aod_500,
precipitable_water, angstrom_440_870, latitude, longitude, elevation) and applies the steps
of the Python pipeline aodflow replaces: target choice, seasonal features, coordinates kept
only when they vary within a site, NaN rows dropped, time-ordered split with Python's round,
OneHotEncoder(drop="first", handle_unknown="ignore") in a ColumnTransformer, LinearRegression.

    /usr/bin/python3 sklearn-fit.py rows.csv [test_fraction]

Prints one JSON line with the intercept, the coefficients by feature name and the test
metrics. It also says whether the design was sparse, because LinearRegression then solves
with LSQR, to about 1e-6. It adds the exact least-squares solution (numpy's lstsq on the
dense design) and the OLS statistics statsmodels reports, computed with numpy and scipy
from their textbook formulas.
"""
import json
import sys

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.preprocessing import OneHotEncoder
from scipy import sparse, stats

COORDINATES = ["latitude", "longitude", "elevation"]


def model_frame(df):
    target = "log_aod_550" if (df["aod_550"] > 0).any() else "aod_500"
    present = [c for c in COORDINATES if df[c].notna().any()]
    per_site = df.groupby("site")[present].nunique()
    numeric = ["doy_sin", "doy_cos", "precipitable_water", "angstrom_440_870"]
    numeric += [c for c in present if (per_site[c] > 1).any()]

    angle = 2.0 * np.pi * (df["time"].dt.dayofyear.to_numpy(dtype=float) - 1.0) / 365.25
    df = df.assign(doy_sin=np.sin(angle), doy_cos=np.cos(angle))
    if target == "log_aod_550":
        df = df[df["aod_550"] > 0]
        df = df.assign(log_aod_550=np.log(df["aod_550"]))
    df = df.dropna(subset=[*numeric, target])
    return df, numeric, target


def ols_statistics(design, y, beta):
    n, parameters = design.shape
    df_resid = n - parameters

    residuals = y - design @ beta
    ssr = float(residuals @ residuals)
    sst = float(((y - y.mean()) ** 2).sum())
    sigma2 = ssr / df_resid
    std_errors = np.sqrt(np.diag(sigma2 * np.linalg.inv(design.T @ design)))
    t = beta / std_errors
    critical = stats.t.ppf(0.975, df_resid)
    r2 = 1 - ssr / sst
    f = (sst - ssr) / (parameters - 1) / sigma2
    loglik = -n / 2 * (np.log(2 * np.pi) + np.log(ssr / n) + 1)

    centered = design[:, 1:] - design[:, 1:].mean(axis=0)
    centered = centered / np.linalg.norm(centered, axis=0)
    return {
        "std_errors": std_errors.tolist(),
        "t": t.tolist(),
        "p": (2 * stats.t.sf(np.abs(t), df_resid)).tolist(),
        "ci_lower": (beta - critical * std_errors).tolist(),
        "ci_upper": (beta + critical * std_errors).tolist(),
        "r2": r2,
        "adjusted_r2": 1 - (1 - r2) * (n - 1) / df_resid,
        "f": f,
        "f_p": float(stats.f.sf(f, parameters - 1, df_resid)),
        "residual_std_error": float(np.sqrt(sigma2)),
        "log_likelihood": float(loglik),
        "aic": float(-2 * loglik + 2 * parameters),
        "bic": float(-2 * loglik + np.log(n) * parameters),
        "condition_number": float(np.linalg.cond(centered)),
        "df_resid": int(df_resid),
    }


def main():
    test_fraction = float(sys.argv[2]) if len(sys.argv) > 2 else 0.2
    df = pd.read_csv(sys.argv[1], keep_default_na=False, na_values=[""], dtype={"site": str})
    df["time"] = pd.to_datetime(df["time"], utc=True)
    df, numeric, target = model_frame(df)

    cut = int(round(len(df) * (1.0 - test_fraction)))
    prep = ColumnTransformer([
        ("site", OneHotEncoder(drop="first", handle_unknown="ignore"), ["site"]),
        ("num", "passthrough", numeric),
    ])
    X = df[["site", *numeric]]
    y = df[target].to_numpy()
    X_train = prep.fit_transform(X.iloc[:cut])
    X_test = prep.transform(X.iloc[cut:])
    model = LinearRegression().fit(X_train, y[:cut])
    names = [n.split("__", 1)[1] for n in prep.get_feature_names_out()]

    dense = X_train.toarray() if sparse.issparse(X_train) else np.asarray(X_train)
    design = np.column_stack([np.ones(cut), dense])
    exact, *_ = np.linalg.lstsq(design, y[:cut], rcond=None)

    result = {
        "ols": ols_statistics(design, y[:cut], exact),
        "target": target,
        "rows": int(len(df)),
        "rows_train": cut,
        "sparse": bool(sparse.issparse(X_train)),
        "categories": [str(c) for c in prep.named_transformers_["site"].categories_[0]],
        "intercept": float(model.intercept_),
        "coefficients": dict(zip(names, map(float, model.coef_))),
        "exact_intercept": float(exact[0]),
        "exact_coefficients": dict(zip(names, map(float, exact[1:]))),
    }
    if cut < len(df):
        y_pred = model.predict(X_test)
        result["metrics"] = {
            "r2": float(r2_score(y[cut:], y_pred)) if len(y) - cut > 1 else None,
            "rmse": float(mean_squared_error(y[cut:], y_pred, squared=False)),
            "mae": float(mean_absolute_error(y[cut:], y_pred)),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
