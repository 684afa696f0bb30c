"""The application's data files, installed as the package ``counter_app.resource_files``.

Read them through ``counter_app.resources.resources_root()``; this file only makes the folder a
regular package so ``importlib.resources`` gives a real directory in a wheel and in the bundle.
"""
