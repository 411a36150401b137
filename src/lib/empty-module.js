// Stand-in for Node-only modules (node-fetch) that tfjs imports but never uses in the browser.
export default {};
