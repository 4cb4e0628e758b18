"""Indicator monitoring (月监测): periods, units, series, 序时进度, status lights and forecasts.

Pure Python: the app stores indicators, targets and values and calls these functions;
``evaluation.evaluate`` produces one indicator's whole status line for one period.
"""
