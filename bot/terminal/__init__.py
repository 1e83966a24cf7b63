"""A terminal front end for `copro try`: the preview officers use before publishing."""
