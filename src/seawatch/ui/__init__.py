"""The Streamlit user interface. Only this package and dashboard.py import streamlit."""
