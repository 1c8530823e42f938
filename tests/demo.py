"""A one-metric plan the CLI and rendering tests share."""

DEMO_PLAN = """\
qcity: 1
id: demo
city: 测试市
title: Demo
stages:
  - {id: s, name: S, start: 2015-01-01, end: 2015-12-31}
metrics:
  - {id: rate, name: 合格率, unit: "%", target: ">= 90"}
"""
